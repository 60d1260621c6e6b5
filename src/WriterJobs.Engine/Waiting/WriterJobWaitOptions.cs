using System;

namespace WriterJobs.Waiting;

/// <summary>How long and how often to poll jobs that are in progress.</summary>
internal sealed class WriterJobWaitOptions
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan DefaultMaxPollInterval = TimeSpan.FromSeconds(30);

    /// <summary>Each quiet round waits this much longer than the one before, up to the cap.</summary>
    public const double Backoff = 1.5;

    public const int DefaultMaxInFlight = 16;

    public WriterJobWaitOptions(TimeSpan? timeout = null, TimeSpan? pollInterval = null, TimeSpan? maxPollInterval = null, int maxInFlight = DefaultMaxInFlight)
    {
        if (timeout < TimeSpan.Zero || pollInterval <= TimeSpan.Zero || maxPollInterval <= TimeSpan.Zero || maxInFlight < 1)
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, "The timeout must not be negative, poll intervals must be above zero, and at least one read must be allowed in flight.");
        }

        MaxInFlight = maxInFlight;

        Timeout = timeout;
        PollInterval = pollInterval ?? DefaultPollInterval;
        // A poll interval longer than the default cap is the caller's wish: it becomes the cap.
        MaxPollInterval = maxPollInterval ?? (PollInterval > DefaultMaxPollInterval ? PollInterval : DefaultMaxPollInterval);
    }

    /// <summary>The most reads in flight at once in a polling round (the command's -ThrottleLimit).</summary>
    public int MaxInFlight { get; }

    /// <summary>How long to wait in all; null waits until every job is done. A timeout never cancels a job.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>The first pause between polls.</summary>
    public TimeSpan PollInterval { get; }

    /// <summary>The longest pause between polls.</summary>
    public TimeSpan MaxPollInterval { get; }

    /// <summary>The pause after <paramref name="previous"/>: longer by <see cref="Backoff"/>, never past the cap.</summary>
    public TimeSpan NextInterval(TimeSpan previous) =>
        TimeSpan.FromTicks(Math.Min(MaxPollInterval.Ticks, Math.Max(PollInterval.Ticks, (long)(previous.Ticks * Backoff))));
}
