namespace WriterJobs;

/// <summary>
/// What Invoke-WriterJobRetry did with one job; one audit record per input carries exactly one of these. Under -WhatIf a
/// record carries the action a real run would take: <see cref="WhatIf"/> where it would retry, otherwise the same
/// not-sent outcome (<see cref="Skipped"/>, <see cref="OverBudget"/>, <see cref="TooSoon"/>, ...) with a message that
/// starts "-WhatIf:".
/// </summary>
/// <remarks>
/// Which outcomes need a person's attention: <see cref="Failed"/> always; <see cref="OverBudget"/> (the job keeps
/// failing after every retry its budget allows); <see cref="NotSent"/> (the command stopped before deciding). Not:
/// <see cref="Retried"/>, <see cref="Skipped"/>, <see cref="WhatIf"/>, <see cref="TooSoon"/> (a later run retries it),
/// <see cref="RetriedByAnotherRun"/>, <see cref="TooOld"/> and <see cref="LimitReached"/> (choices of the caller).
/// </remarks>
public enum WriterJobRetryAction
{
    /// <summary>The retry was sent and took effect.</summary>
    Retried,

    /// <summary>Not sent: the job is not failed right now (completed, in progress or a status the module does not
    /// know), it appeared earlier in the command, or the retry was declined at -Confirm.</summary>
    Skipped,

    /// <summary>-WhatIf: a real run would retry the job now; nothing was sent and no file written.</summary>
    WhatIf,

    /// <summary>An error for this job (an error record says which); when the retry was sent, its outcome may be unknown.</summary>
    Failed,

    /// <summary>Not sent: the job was retried as often as its budget allows (-MaxRetriesPerJob in the retry history).</summary>
    OverBudget,

    /// <summary>Not sent: the job's budget has retries left, but its last retry is less than -MinRetryInterval ago; a
    /// later run retries it.</summary>
    TooSoon,

    /// <summary>Not sent: another run sharing the retry history claimed a retry of this very failure moments ago, and
    /// the job, read again, is no longer failed or is still the failure that run is retrying. Not a problem.</summary>
    RetriedByAnotherRun,

    /// <summary>Not sent: the job failed (was last updated) longer ago than -FailedWithin allows.</summary>
    TooOld,

    /// <summary>Not sent: the command already sent as many retries as -MaxRetryCount allows.</summary>
    LimitReached,

    /// <summary>Not sent: the command stopped (the API out of reach, Ctrl+C, a Stop preference, a history it could not
    /// lock) before this job's retry was decided; the message says why. Nothing was sent for it.</summary>
    NotSent,
}
