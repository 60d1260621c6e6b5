using System;

namespace WriterJobs.Sweeping;

/// <summary>What the sweep's parameters decided, resolved by the cmdlet (paths included) before the run starts.</summary>
internal sealed class SweepSettings
{
    public int ThrottleLimit { get; set; }

    public bool Debug { get; set; }

    /// <summary>-WhatIf: read and predict, send nothing, write no file.</summary>
    public bool Preview { get; set; }

    public bool Wait { get; set; }

    public TimeSpan Timeout { get; set; }

    /// <summary>The most retries this run sends (-MaxRetryCount); null for no limit.</summary>
    public int? MaxRetryCount { get; set; }

    /// <summary>Only jobs that failed within this long before now (-FailedWithin); null for any age.</summary>
    public TimeSpan? FailedWithin { get; set; }

    /// <summary>The report's file-system path; null for none (or under -WhatIf).</summary>
    public string? ReportPath { get; set; }
}
