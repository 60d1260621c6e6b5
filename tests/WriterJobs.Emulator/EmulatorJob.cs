using System;

namespace WriterJobs.Emulator;

/// <summary>
/// An immutable snapshot of one job as the API would show it at the moment it was read. The store replaces snapshots
/// as jobs change; read the store again to see later states.
/// </summary>
public sealed record EmulatorJob
{
    public required Guid Id { get; init; }

    public required string ApplicationId { get; init; }

    /// <summary>Usually in_progress, failed or completed, but any string a test chose.</summary>
    public required string Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary><c>data.title</c>; only written when <see cref="Suggestion"/> is set.</summary>
    public string? Title { get; init; }

    /// <summary><c>data.suggestion</c>; <c>data</c> is omitted when this is null.</summary>
    public string? Suggestion { get; init; }

    public string? Error { get; init; }

    /// <summary>Set by <see cref="EmulatorJobStore.MarkGone"/>: every request for the job gets 410.</summary>
    public bool Gone { get; init; }

    /// <summary>How many retry requests took effect (failed → in_progress).</summary>
    public int RetryTriggers { get; init; }

    /// <summary>How many retry requests were refused because the job was not failed.</summary>
    public int RetryRejections { get; init; }

    // When an in-progress job reaches its outcome, and which: a planned error fails it, else it completes.
    internal DateTimeOffset? DueAt { get; init; }

    internal string? PlannedError { get; init; }

    internal string? PlannedSuggestion { get; init; }

    // Set by SetRawBody: GET of the job answers this text verbatim.
    internal string? RawContentType { get; init; }

    internal string? RawBody { get; init; }

    /// <summary>Moves an in-progress job to its planned outcome once its due time has passed.</summary>
    internal EmulatorJob ResolvedAt(DateTimeOffset now) => DueAt is not { } due || now < due
        ? this
        : PlannedError is { } error
            ? this with { Status = JobStatus.Failed, UpdatedAt = due, Error = error, DueAt = null, PlannedError = null }
            : Complete(due) with { DueAt = null };

    internal EmulatorJob Complete(DateTimeOffset at) => this with
    {
        Status = JobStatus.Completed,
        UpdatedAt = at,
        CompletedAt = at,
        Title = "Emulated output",
        Suggestion = PlannedSuggestion ?? $"Emulated suggestion for job {Id}",
    };
}

/// <summary>The status values the Writer API documents.</summary>
internal static class JobStatus
{
    public const string InProgress = "in_progress";
    public const string Failed = "failed";
    public const string Completed = "completed";

    public static bool IsKnown(string status) => status is InProgress or Failed or Completed;
}
