using System;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace WriterJobs.Engine.Http;

/// <summary>
/// One gate for every request of a connection: waits out a server-imposed pause, takes a token from the
/// connection's bucket, then gives the attempt its own timeout (after the waits, so queueing is not a timeout).
/// </summary>
internal sealed class RateLimitHandler : DelegatingHandler
{
    private readonly RateLimiter limiter;
    private readonly PauseGate gate;
    private readonly TimeProvider clock;
    private readonly TimeSpan attemptTimeout;
    private readonly TimeSpan maxPause;

    /// <param name="maxPause">The longest pause a 429's Retry-After may impose on the connection; a longer one is capped.</param>
    public RateLimitHandler(RateLimiter limiter, PauseGate gate, TimeProvider clock, TimeSpan attemptTimeout, TimeSpan maxPause)
    {
        this.maxPause = maxPause;
        this.limiter = limiter;
        this.gate = gate;
        this.clock = clock;
        this.attemptTimeout = attemptTimeout;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using (var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false))
        {
            if (!lease.IsAcquired)
            {
                throw new WriterApiException(WriterErrorKind.TooManyRequests, "The connection's request queue is full.");
            }
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(attemptTimeout);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{RequestLog.Describe(request)} got no answer within {attemptTimeout.TotalSeconds:0.#} s.");
        }

        if ((int)response.StatusCode == 429 && RetryAfter.Read(response, clock.GetUtcNow()) is { } asked)
        {
            var wait = asked > maxPause ? maxPause : asked;
            gate.PauseUntil(clock.GetUtcNow() + wait);
            RequestLog.Of(request).Verbose($"{RequestLog.Describe(request)} answered 429: all requests of this connection pause for {wait.TotalSeconds:0.###} s.");
        }

        return response;
    }

    /// <summary>A token bucket at exactly the given rate, refilled in steps of at least 100 ms, holding about one second of requests.</summary>
    public static TokenBucketRateLimiter CreateLimiter(double requestsPerMinute)
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
}
