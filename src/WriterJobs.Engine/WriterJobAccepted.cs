using System;

namespace WriterJobs;

/// <summary>The 202 answer to a retry or create request: the job the server accepted.</summary>
public sealed class WriterJobAccepted
{
    public WriterJobAccepted(Guid id, string statusText, DateTimeOffset createdAt)
    {
        Id = id;
        StatusText = statusText ?? throw new ArgumentNullException(nameof(statusText));
        Status = WriterJobStatusText.Parse(statusText);
        CreatedAt = createdAt;
    }

    public Guid Id { get; }

    public WriterJobStatus Status { get; }

    public string StatusText { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The accepted job as a <see cref="WriterJob"/>, so a created job pipes on like a read one.</summary>
    public WriterJob ToJob(string applicationId, DateTimeOffset retrievedAt) =>
        new(Id, StatusText, applicationId, CreatedAt, retrievedAt);

    public override string ToString() => Id.ToString();
}
