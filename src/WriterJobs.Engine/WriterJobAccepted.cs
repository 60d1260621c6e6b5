using System;

namespace WriterJobs;

/// <summary>The 202 answer to a retry or create request: the job the server accepted.</summary>
internal sealed record WriterJobAccepted(Guid Id, string StatusText, DateTimeOffset CreatedAt)
{
    public WriterJobStatus Status => WriterJobStatusText.Parse(StatusText);

    /// <summary>The accepted job as a <see cref="WriterJob"/>, so a created job pipes on like a read one.</summary>
    public WriterJob ToJob(string applicationId, DateTimeOffset retrievedAt) =>
        new(Id, StatusText, applicationId, CreatedAt, retrievedAt);

    public override string ToString() => Id.ToString();
}
