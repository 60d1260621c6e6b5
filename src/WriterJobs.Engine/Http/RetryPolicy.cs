using System;
using System.Net.Http;
using WriterJobs.Connection;

namespace WriterJobs.Http;

/// <summary>
/// Whether, and after how long, an attempt that failed is sent again: the server's Retry-After when it gives one
/// (capped), otherwise exponential backoff with jitter. What is safe to resend is <see cref="FailureClassifier"/>'s call.
/// </summary>
/// <remarks>
/// Hand-written rather than a Polly pipeline: the client runs this loop around every request, and on a saturated
/// machine the pipeline's extra async layers cost about a tenth of the throughput (docs/performance.md) while the
/// policy itself is these few lines. Only a failure ever reaches this class.
/// </remarks>
internal sealed class RetryPolicy
{
    /// <summary>The longest backoff of our own; a server's Retry-After may ask for more, up to the connection's MaxRetryDelay.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    private readonly Random jitter = new();
    private readonly TimeSpan baseDelay;
    private readonly TimeSpan maxRetryAfter;

    public RetryPolicy(WriterConnectionSettings settings)
    {
        MaxRetries = settings.MaxRetries;
        baseDelay = settings.RetryBaseDelay;
        maxRetryAfter = settings.MaxRetryDelay;
    }

    public int MaxRetries { get; }

    /// <summary>How long one request may wait out 429s in all without spending its retries (<see cref="QuotaPatience"/>).</summary>
    public TimeSpan QuotaPatience => TimeSpan.FromTicks(maxRetryAfter.Ticks * MaxRetries);

    /// <summary>The wait after a 429 the server lets us send again: its Retry-After (capped), else a backoff; null for any other answer.</summary>
    public TimeSpan? AfterQuotaRefusal(Attempt attempt, int refusalsSoFar)
    {
        if (attempt.Status != 429 || !FailureClassifier.ShouldRetry(HttpMethod.Get, attempt.Response, null))
        {
            return null;
        }

        return attempt.RetryAfter is { } asked ? Capped(asked) : Backoff(refusalsSoFar);
    }

    /// <summary>How long to wait before sending again, or null when the attempt's outcome stands (success, a final error, or no retries left).</summary>
    public TimeSpan? DelayBeforeRetry(int retriesSoFar, HttpMethod method, Attempt attempt)
    {
        if (retriesSoFar >= MaxRetries || !FailureClassifier.ShouldRetry(method, attempt.Response, attempt.Failure))
        {
            return null;
        }

        return attempt.RetryAfter is { } asked ? Capped(asked) : Backoff(retriesSoFar);
    }

    private TimeSpan Capped(TimeSpan asked) => asked > maxRetryAfter ? maxRetryAfter : asked;

    /// <summary>base × 2^n, capped, then spread over ±50 % so that many clients refused at once do not come back at once.</summary>
    public TimeSpan Backoff(int retriesSoFar)
    {
        var exponential = Math.Min(baseDelay.Ticks * Math.Pow(2, retriesSoFar), MaxBackoff.Ticks);
        double spread;
        lock (jitter)
        {
            spread = 0.5 + jitter.NextDouble();
        }

        return TimeSpan.FromTicks((long)Math.Min(exponential * spread, MaxBackoff.Ticks));
    }
}
