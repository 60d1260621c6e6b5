namespace WriterJobs;

/// <summary>What Invoke-WriterJobRetry did with one job.</summary>
public enum WriterJobRetryAction
{
    Retried,
    Skipped,
    WhatIf,
    Failed,
}
