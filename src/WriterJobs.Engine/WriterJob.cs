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
        State = WriterJobStatusText.Parse(statusText);
        Status = WriterJobStatusText.Name(State);
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

    /// <summary>
    /// The status as a word: in_progress, failed, completed, or unknown when the server sent a word this version does
    /// not know (that word is in <see cref="StatusText"/>).
    /// </summary>
    /// <remarks>
    /// A string holding a <see cref="WriterJobStatus"/> name, not the enum: ConvertTo-Json writes an enum as its
    /// number (Windows PowerShell 5.1 always, PowerShell 7 without -EnumsAsStrings), and a status must read the same
    /// in JSON, CSV and at the prompt. Comparisons with the enum still work, as PowerShell converts the right operand
    /// to the left one's type: <c>$job.Status -eq [WriterJobs.WriterJobStatus]::failed</c>.
    /// </remarks>
    public string Status { get; }

    /// <summary>The status, typed, for the engine's decisions.</summary>
    internal WriterJobStatus State { get; }

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
