using System;

namespace WriterJobs;

/// <summary>One job to retry: its ID, and the job object when one was piped in (so a fresh 'failed' need not be read again).</summary>
public sealed class WriterJobRetryRequest
{
    public WriterJobRetryRequest(Guid id, WriterJob? known = null)
    {
        Id = id;
        Known = known;
    }

    public Guid Id { get; }

    public WriterJob? Known { get; }

    /// <summary>The job as the engine last read it for this request, so that even a failed retry records what it was based on.</summary>
    public WriterJob? LastRead { get; internal set; }

    public override string ToString() => Id.ToString();
}
