using System;

namespace WriterJobs.Retry.History;

/// <summary>
/// The answer of <see cref="RetryHistory.ClaimAsync"/>: either the job's next retry is recorded and may be sent, or
/// the budget refuses it and <see cref="Refusal"/> says why.
/// </summary>
public sealed class RetryClaim
{
    private RetryClaim(Guid jobId, string? refusal, RetryHistoryEntry? before, DateTimeOffset at, WriterJobRetryAction outcome)
    {
        JobId = jobId;
        Outcome = outcome;
        Refusal = refusal;
        Before = before;
        At = at;
    }

    public Guid JobId { get; }

    public bool Granted => Refusal is null;

    public string? Refusal { get; }

    /// <summary>What a refusal means for the job's record: <see cref="WriterJobRetryAction.OverBudget"/> or <see cref="WriterJobRetryAction.TooSoon"/>.</summary>
    public WriterJobRetryAction Outcome { get; }

    /// <summary>The job's entry before this claim, put back by a release; null when the job had none.</summary>
    internal RetryHistoryEntry? Before { get; }

    internal DateTimeOffset At { get; }

    internal static RetryClaim Grant(Guid jobId, RetryHistoryEntry? before, DateTimeOffset at) => new(jobId, null, before, at, WriterJobRetryAction.Retried);

    internal static RetryClaim Refuse(Guid jobId, WriterJobRetryAction outcome, string refusal, DateTimeOffset at) => new(jobId, refusal, null, at, outcome);
}
