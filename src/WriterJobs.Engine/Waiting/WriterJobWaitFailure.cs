using System;

namespace WriterJobs.Waiting;

/// <summary>A job that could not be polled (gone, not found...): it leaves the wait, and the command writes the error.</summary>
internal sealed record WriterJobWaitFailure(Guid Id, Exception Error)
{
    public override string ToString() => $"{Id}: {Error.Message}";
}
