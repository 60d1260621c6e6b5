using System;

namespace WriterJobs;

/// <summary>
/// One job a command was given, the only item type between the cmdlets and the engine: its ID, the job object when one
/// was piped in (so a fresh status need not be read again), and the job as last read while the command worked on it.
/// </summary>
internal sealed class WriterJobRequest
{
    public WriterJobRequest(Guid id, WriterJob? known = null)
    {
        Id = id;
        Known = known;
    }

    public Guid Id { get; }

    public WriterJob? Known { get; }

    /// <summary>The job as the engine last read it for this request, so that even a failed retry records what it was based on.</summary>
    public WriterJob? LastRead { get; internal set; }

    /// <summary>The freshest status known: the one last read, else the piped one.</summary>
    public WriterJob? Latest => LastRead ?? Known;

    public override string ToString() => Id.ToString();
}
