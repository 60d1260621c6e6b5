using System;

namespace WriterJobs;

/// <summary>One async application job as the Writer API reports it.</summary>
public sealed class WriterJob
{
    public WriterJob(
        Guid id,
        string statusText,
        string applicationId,
        DateTimeOffset createdAt,
        DateTimeOffset retrievedAt,
        DateTimeOffset? updatedAt = null,
        DateTimeOffset? completedAt = null,
        string? title = null,
        string? suggestion = null,
        string? error = null)
    {
        Id = id;
        StatusText = statusText ?? throw new ArgumentNullException(nameof(statusText));
        Status = WriterJobStatusText.Parse(statusText);
        ApplicationId = applicationId ?? throw new ArgumentNullException(nameof(applicationId));
        CreatedAt = createdAt;
        RetrievedAt = retrievedAt;
        UpdatedAt = updatedAt;
        CompletedAt = completedAt;
        Title = title;
        Suggestion = suggestion;
        Error = error;
    }

    public Guid Id { get; }

    /// <summary>The status; <see cref="WriterJobStatus.unknown"/> when the server sent a word this version does not know.</summary>
    public WriterJobStatus Status { get; }

    /// <summary>The server's own word for the status, kept even when <see cref="Status"/> is unknown.</summary>
    public string StatusText { get; }

    public string ApplicationId { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? UpdatedAt { get; }

    public DateTimeOffset? CompletedAt { get; }

    /// <summary>The name of the output field of a completed job, when the server gives one.</summary>
    public string? Title { get; }

    /// <summary>The output of a completed job.</summary>
    public string? Suggestion { get; }

    /// <summary>Why the job failed.</summary>
    public string? Error { get; }

    /// <summary>When this client read the job: lets a retry trust a recent 'failed' without reading it again.</summary>
    public DateTimeOffset RetrievedAt { get; }

    public override string ToString() => Id.ToString();
}
