using System;

namespace WriterJobs.Waiting;

/// <summary>A job that could not be polled (gone, not found...): it leaves the wait, and the command writes the error.</summary>
public sealed class WriterJobWaitFailure
{
    public WriterJobWaitFailure(Guid id, Exception error)
    {
        Id = id;
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    public Guid Id { get; }

    public Exception Error { get; }

    public override string ToString() => $"{Id}: {Error.Message}";
}
