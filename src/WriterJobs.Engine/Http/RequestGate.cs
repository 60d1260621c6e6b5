using System;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace WriterJobs.Engine.Http;

/// <summary>
/// One gate for every attempt of a connection: waits out a server-imposed pause, then takes a token from the
/// connection's bucket. The attempt's timeout starts only after it, so queueing is never mistaken for a timeout.
/// </summary>
internal sealed class RequestGate : IDisposable
{
    private readonly RateLimiter limiter;
    private readonly PauseGate pause;
    private readonly TimeProvider clock;
    private readonly TimeSpan maxPause;

    /// <param name="maxPause">The longest pause a 429's Retry-After may impose on the connection; a longer one is capped.</param>
    public RequestGate(double requestsPerMinute, TimeProvider clock, TimeSpan maxPause)
    {
        limiter = CreateLimiter(requestsPerMinute);
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
    public void OnAnswer(HttpRequestMessage request, HttpResponseMessage response, IWriterLog log)
    {
        if ((int)response.StatusCode == 429 && RetryAfter.Read(response, clock.GetUtcNow()) is { } asked)
        {
            var wait = asked > maxPause ? maxPause : asked;
            pause.PauseUntil(clock.GetUtcNow() + wait);
            log.Verbose($"{RequestLog.Describe(request)} answered 429: all requests of this connection pause for {wait.TotalSeconds:0.###} s.");
        }
    }

    public void Dispose() => limiter.Dispose();

    /// <summary>A token bucket at exactly the given rate, refilled in steps of at least 100 ms, holding about one second of requests.</summary>
    internal static TokenBucketRateLimiter CreateLimiter(double requestsPerMinute)
    {
        var tokensPerPeriod = (int)Math.Ceiling(requestsPerMinute / 600);
        var period = TimeSpan.FromTicks((long)(TimeSpan.FromMinutes(1).Ticks * tokensPerPeriod / requestsPerMinute));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(tokensPerPeriod, (int)(requestsPerMinute / 60)),
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
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
