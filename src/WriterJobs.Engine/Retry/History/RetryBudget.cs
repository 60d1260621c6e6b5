using System;

namespace WriterJobs.Retry.History;

/// <summary>How often one job may be retried across runs that share a retry history, and how far apart.</summary>
public sealed class RetryBudget
{
    public const int DefaultMaxRetries = 3;

    public static readonly TimeSpan DefaultMinInterval = TimeSpan.FromHours(1);

    public RetryBudget(int maxRetries, TimeSpan minInterval)
    {
        if (maxRetries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetries), maxRetries, "A job's retry budget must allow at least one retry.");
        }

        // Above zero, so that two runs at once never both retry a job: the second sees the first's claim as too recent.
        if (minInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(minInterval), minInterval, "The least time between two retries of a job must be above zero.");
        }

        MaxRetries = maxRetries;
        MinInterval = minInterval;
    }

    public int MaxRetries { get; }

    public TimeSpan MinInterval { get; }
}
