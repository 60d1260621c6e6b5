using System;

namespace WriterJobs.Retry;

/// <summary>How Invoke-WriterJobRetry decides, besides the retry history: the cmdlet's switches, in engine terms.</summary>
public sealed class WriterJobRetryOptions
{
    /// <summary>How old a piped 'failed' job may be and still be trusted without reading it again.</summary>
    public TimeSpan MaxStatusAge { get; set; } = WriterJobRetrier.DefaultMaxStatusAge;

    /// <summary>Retry without checking the status, and whatever the retry budget says (the retry is still recorded).</summary>
    public bool Force { get; set; }

    /// <summary>The most retries one command sends; null for no limit.</summary>
    public int? MaxRetryCount { get; set; }

    /// <summary>Only jobs that failed (were last updated) within this long before now; null for any age.</summary>
    public TimeSpan? FailedWithin { get; set; }
}
