using System;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace WriterJobs.Http;

/// <summary>
/// One gate for every attempt of a connection: waits out a server-imposed pause, then takes a token from the
/// connection's bucket. The attempt's timeout starts only after it, so queueing is never mistaken for a timeout.
/// </summary>
internal sealed class RequestGate : IDisposable
{
    private readonly TokenBucketRateLimiter limiter;
    private readonly PauseGate pause;
    private readonly TimeProvider clock;
    private readonly TimeSpan maxPause;

    /// <param name="maxPause">The longest pause a 429's Retry-After may impose on the connection; a longer one is capped.</param>
    /// <param name="neverRefill">For tests that count what one bucket lets through: the bucket starts full and is never refilled.</param>
    public RequestGate(double requestsPerMinute, TimeProvider clock, TimeSpan maxPause, bool neverRefill = false)
    {
        limiter = new TokenBucketRateLimiter(LimiterOptions(requestsPerMinute, autoReplenishment: !neverRefill));
        pause = new PauseGate(clock);
        this.clock = clock;
        this.maxPause = maxPause;
    }

    /// <summary>Completes at once when nothing pauses the connection and the bucket has a token: the common case costs no allocation.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        if (!pause.IsPaused)
        {
            using var lease = limiter.AttemptAcquire(1);
            if (lease.IsAcquired)
            {
                return Task.CompletedTask;
            }
        }

        return WaitInQueueAsync(cancellationToken);
    }

    /// <summary>A 429 with a Retry-After pauses every request of the connection, not only the one that was refused.</summary>
    public void OnAnswer(HttpRequestMessage request, Attempt attempt, IWriterLog log)
    {
        if (attempt.Status == 429 && attempt.RetryAfter is { } asked)
        {
            var wait = asked > maxPause ? maxPause : asked;
            pause.PauseUntil(clock.GetUtcNow() + wait);
            log.Verbose($"{RequestLine.Describe(request)} answered 429: all requests of this connection pause for {wait.TotalSeconds:0.###} s.");
        }
    }

    public void Dispose() => limiter.Dispose();

    /// <summary>
    /// A token bucket holding about one second of requests, refilled in steps of at least 100 ms with what the rate
    /// leaves after a full bucket and one step: a minute may start with the bucket full and hold one step more than its
    /// share, and still sees no more than the rate (from 4 a minute up; below that the refill keeps half the rate).
    /// </summary>
    /// <param name="autoReplenishment">False only for tests: nothing then refills the bucket (the limiter's TryReplenish
    /// would refill it by the real time elapsed, so the gate never calls it).</param>
    internal static TokenBucketRateLimiterOptions LimiterOptions(double requestsPerMinute, bool autoReplenishment = true)
    {
        var bucket = Math.Max(1, (int)(requestsPerMinute / 60));
        var tokensPerPeriod = (int)Math.Ceiling((requestsPerMinute - bucket) / 600);
        var refillPerMinute = Math.Max(requestsPerMinute - bucket - tokensPerPeriod, requestsPerMinute / 2);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(bucket, tokensPerPeriod),
            TokensPerPeriod = tokensPerPeriod,
            // Rounded up, so rounding never adds a step to the minute.
            ReplenishmentPeriod = TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.FromMinutes(1).Ticks * tokensPerPeriod / refillPerMinute)),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = autoReplenishment,
        };
    }

    private async Task WaitInQueueAsync(CancellationToken cancellationToken)
    {
        await pause.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new WriterApiException(WriterErrorKind.TooManyRequests, "The connection's request queue is full.");
        }
    }
}
