namespace WriterJobs;

/// <summary>What Invoke-WriterJobRetry did with one job.</summary>
public enum WriterJobRetryAction
{
    Retried,
    Skipped,
    WhatIf,
    Failed,

    /// <summary>Not sent: the job's retry budget (its retry history) allows no retry now.</summary>
    OverBudget,
}
