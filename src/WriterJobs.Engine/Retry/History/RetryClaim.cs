using System;

namespace WriterJobs.Retry.History;

/// <summary>
/// The answer of <see cref="RetryHistory.ClaimAsync"/>: either the job's next send is recorded, durably, and may go
/// out, or the budget refuses it: <see cref="Outcome"/> says how and <see cref="Refusal"/> why.
/// </summary>
internal sealed class RetryClaim
{
    private RetryClaim(Guid jobId, WriterJobRetryAction outcome, string? refusal, RetryHistoryEntry? before, RetryHistoryEntry? after, DateTimeOffset at)
    {
        JobId = jobId;
        Outcome = outcome;
        Refusal = refusal;
        Before = before;
        After = after;
        At = at;
    }

    public Guid JobId { get; }

    public bool Granted => Refusal is null;

    /// <summary><see cref="WriterJobRetryAction.Retried"/> when granted; else <see cref="WriterJobRetryAction.OverBudget"/>,
    /// <see cref="WriterJobRetryAction.TooSoon"/> or <see cref="WriterJobRetryAction.RetriedByAnotherRun"/>.</summary>
    public WriterJobRetryAction Outcome { get; }

    public string? Refusal { get; }

    public DateTimeOffset At { get; }

    /// <summary>The job's entry before this claim, put back by a release; null when the job had none.</summary>
    internal RetryHistoryEntry? Before { get; }

    /// <summary>The entry this claim wrote; a release puts <see cref="Before"/> back only while it is still this one.</summary>
    internal RetryHistoryEntry? After { get; }

    internal static RetryClaim Grant(Guid jobId, RetryHistoryEntry? before, RetryHistoryEntry after, DateTimeOffset at) =>
        new(jobId, WriterJobRetryAction.Retried, null, before, after, at);

    internal static RetryClaim Refuse(Guid jobId, WriterJobRetryAction outcome, string refusal, DateTimeOffset at) =>
        new(jobId, outcome, refusal, null, null, at);
}
