using System;
using System.Threading;

namespace WriterJobs.Emulator;

/// <summary>
/// Requests a second across all endpoints, as a token bucket that refills at the rate and holds one second's worth
/// (at least one request); over it, a 429 says when the next slot opens. Full when made: a new quota starts afresh.
/// </summary>
public sealed class QuotaBucket
{
    private readonly Lock gate = new();
    private double tokens;
    private DateTimeOffset? refilledAt;

    public QuotaBucket(double perSecond)
    {
        if (!(perSecond > 0 && double.IsFinite(perSecond)))
        {
            throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond, "The quota must be a positive number of requests a second.");
        }

        PerSecond = perSecond;
        tokens = Math.Max(1, perSecond);
    }

    public double PerSecond { get; }

    /// <summary>Takes a slot at <paramref name="now"/>; null when granted, else how long until the next one opens.</summary>
    internal TimeSpan? Take(DateTimeOffset now)
    {
        lock (gate)
        {
            tokens = Math.Min(Math.Max(1, PerSecond), tokens + ((now - (refilledAt ?? now)).TotalSeconds * PerSecond));
            refilledAt = now;
            if (tokens >= 1)
            {
                tokens -= 1;
                return null;
            }

            return TimeSpan.FromSeconds((1 - tokens) / PerSecond);
        }
    }
}
