using System;

namespace WriterJobs.Retry.History;

/// <summary>What one send of a retry asks of the history.</summary>
internal sealed class RetryClaimRequest
{
    /// <param name="failure">The job's update time when it was read as failed; null when it was not read (forced).</param>
    /// <param name="resendOf">This run's earlier claim whose answer was lost: the resend counts against the budget but
    /// not against the interval, since it is the same retry.</param>
    /// <param name="force">-Force: granted whatever the budget says, and still recorded.</param>
    public RetryClaimRequest(Guid jobId, DateTimeOffset? failure, RetryClaim? resendOf = null, bool force = false)
    {
        JobId = jobId;
        Failure = failure;
        ResendOf = resendOf;
        Force = force;
    }

    public Guid JobId { get; }

    public DateTimeOffset? Failure { get; }

    public RetryClaim? ResendOf { get; }

    public bool Force { get; }
}
