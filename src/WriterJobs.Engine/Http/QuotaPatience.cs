using System;

namespace WriterJobs.Http;

/// <summary>
/// How long one request waits out 429s before they count as failures: runs that share the API's quota (two scheduled
/// runs that overlap) are refused in turn, and a refusal of the quota is not a failure of the request. Each 429 waits
/// its Retry-After (or a backoff) without spending a transient retry, up to MaxRetryDelay × MaxRetries in all (4 min by
/// default); past that, 429s count as retries again, so a quota that never frees up still ends the request.
/// </summary>
internal sealed class QuotaPatience
{
    private readonly RetryPolicy policy;
    private TimeSpan waited;
    private int refusals;

    public QuotaPatience(RetryPolicy policy)
    {
        this.policy = policy;
        Total = policy.QuotaPatience;
    }

    public TimeSpan Total { get; }

    /// <summary>The wait before sending again after a 429, or null when this answer is not one or the patience is spent.</summary>
    public TimeSpan? DelayFor(Attempt attempt)
    {
        if (policy.AfterQuotaRefusal(attempt, refusals) is not { } delay || waited + delay > Total)
        {
            return null;
        }

        waited += delay;
        refusals++;
        return delay;
    }
}
