using System;

namespace WriterJobs.Retry.History;

/// <summary>How often one job may be retried across runs that share a retry history, how far apart, and for how long
/// the history remembers a job.</summary>
internal sealed class RetryBudget
{
    public const int DefaultMaxRetries = 3;

    /// <summary>Half the documented hourly schedule: the next hourly run, even a few minutes early, finds it passed.</summary>
    public static readonly TimeSpan DefaultMinInterval = TimeSpan.FromMinutes(30);

    /// <summary>Long enough that a job still failing is not given a fresh budget: a sweep that looks at jobs failed in the
    /// last week (-FailedWithin) never meets a job its history forgot.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a claim of one failure (the job's update time when it was read as failed) counts as "another run is
    /// retrying it": a retry that took effect moves the job out of that failure well within it, even when the server
    /// applies it late. Past it, the same failure unchanged means the retry never took effect (say, a run killed between
    /// its claim and its send), and the budget decides again.
    /// </summary>
    public static readonly TimeSpan AnotherRunWindow = TimeSpan.FromMinutes(10);

    public RetryBudget(int maxRetries, TimeSpan minInterval)
        : this(maxRetries, minInterval, null)
    {
    }

    /// <param name="retention">How long after its last retry a job is remembered; null for <see cref="DefaultRetention"/>.</param>
    public RetryBudget(int maxRetries, TimeSpan minInterval, TimeSpan? retention)
    {
        if (maxRetries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetries), maxRetries, "A job's retry budget must allow at least one retry.");
        }

        // Zero is allowed: two runs at once are kept apart by the claim of the failure itself, not by the interval.
        if (minInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(minInterval), minInterval, "The least time between two retries of a job must not be negative.");
        }

        var kept = retention ?? DefaultRetention;
        if (kept <= minInterval || kept < AnotherRunWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), kept, $"The history must remember a job longer than the least interval between its retries ({minInterval}) and at least {AnotherRunWindow}.");
        }

        MaxRetries = maxRetries;
        MinInterval = minInterval;
        Retention = kept;
    }

    public int MaxRetries { get; }

    public TimeSpan MinInterval { get; }

    /// <summary>A job whose last retry is older than this is forgotten: it has its whole budget again.</summary>
    public TimeSpan Retention { get; }
}
