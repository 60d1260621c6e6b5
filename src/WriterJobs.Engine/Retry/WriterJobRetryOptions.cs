using System;

namespace WriterJobs.Retry;

/// <summary>How Invoke-WriterJobRetry decides, besides the retry history: the cmdlet's switches, in engine terms.</summary>
internal sealed class WriterJobRetryOptions
{
    /// <summary>How old a piped 'failed' job may be and still be trusted without reading it again.</summary>
    public TimeSpan MaxStatusAge { get; set; } = WriterJobRetrier.DefaultMaxStatusAge;

    /// <summary>Retry without checking the status, and whatever the retry budget says (the retry is still recorded).</summary>
    public bool Force { get; set; }

    /// <summary>The most retries one command sends; null for no limit.</summary>
    public int? MaxRetryCount { get; set; }

    /// <summary>
    /// The most requests in flight, kept by the retrier itself; null when the caller runs no more jobs at once than that.
    /// With a retry history the caller may run more jobs at once (Invoke-WriterJobRetry runs four times as many): a job
    /// waiting for its claim to be written holds no request slot, so the claims' fsyncs overlap the other jobs' requests.
    /// </summary>
    public int? RequestsInFlight { get; set; }

    /// <summary>Only jobs that failed (were last updated) within this long before now; null for any age.</summary>
    public TimeSpan? FailedWithin { get; set; }
}
