using System;

namespace WriterJobs.Progress;

/// <summary>Lets a progress update through at most once per interval (the first always), so drawing never slows the work.</summary>
internal sealed class ProgressThrottle
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

    private readonly TimeSpan interval;
    private readonly TimeProvider clock;
    private DateTimeOffset? last;

    /// <summary>Every 200 ms on the system clock; no TimeProvider in the signature, so the cmdlets need not reference it.</summary>
    public ProgressThrottle()
        : this(DefaultInterval, TimeProvider.System)
    {
    }

    public ProgressThrottle(TimeSpan interval, TimeProvider clock)
    {
        this.interval = interval;
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>True when an update may be written now.</summary>
    public bool Allow()
    {
        var now = clock.GetUtcNow();
        if (last is { } previous && now - previous < interval)
        {
            return false;
        }

        last = now;
        return true;
    }
}
