using System;
using WriterJobs.Waiting;

namespace WriterJobs;

/// <summary>The audit record of one retry decision: flat, so Export-Csv and ConvertTo-Json keep every column.</summary>
public sealed class WriterJobRetryResult
{
    public WriterJobRetryResult(
        Guid id,
        string? applicationId,
        WriterJobStatus? previousStatus,
        WriterJobRetryAction action,
        WriterJobStatus? status,
        DateTimeOffset time,
        string message)
    {
        Id = id;
        ApplicationId = applicationId;
        PreviousStatus = previousStatus;
        Action = action;
        Status = status;
        Time = time;
        Message = message;
    }

    private const string StillInProgress = "Retry accepted; still in progress when the wait timed out (the job goes on).";

    public Guid Id { get; }

    public string? ApplicationId { get; }

    /// <summary>The status the decision was based on; empty when -Force sent the retry without reading the job.</summary>
    public WriterJobStatus? PreviousStatus { get; }

    public WriterJobRetryAction Action { get; }

    /// <summary>The status after the action: in_progress once a retry is accepted.</summary>
    public WriterJobStatus? Status { get; }

    public DateTimeOffset Time { get; }

    public string Message { get; }

    public static WriterJobRetryResult NotSent(WriterJobRequest request, WriterJobRetryAction action, DateTimeOffset time, string message) =>
        new(request.Id, request.Known?.ApplicationId, request.Known?.Status, action, request.Known?.Status, time, message);

    /// <summary>The record of a retry that ended in an error, with the status the engine last read, else the piped one.</summary>
    public static WriterJobRetryResult ForFailure(WriterJobRequest request, Exception error, DateTimeOffset time)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var seen = request.Latest;
        return new(request.Id, seen?.ApplicationId, seen?.Status, WriterJobRetryAction.Failed, seen?.Status, time, error?.Message ?? "The retry failed.");
    }

    /// <summary>
    /// This accepted retry's record once the wait for it ended: its final status, still in progress after a timeout, or
    /// the outcome unknown when the job could not be read. It stays Retried in every case, since the retry took effect.
    /// </summary>
    public WriterJobRetryResult After(WriterJobWait wait, DateTimeOffset time)
    {
        if (wait is null)
        {
            throw new ArgumentNullException(nameof(wait));
        }

        return wait.FailureOf(Id) is { } failure ? WithUnknownOutcome(failure.Error, time) : WithOutcome(wait.LatestOf(Id), time);
    }

    /// <summary>This accepted retry's record with the job's status once the wait for it ended; null when the wait timed out before the job was read.</summary>
    private WriterJobRetryResult WithOutcome(WriterJob? job, DateTimeOffset time)
    {
        if (job is null)
        {
            return new WriterJobRetryResult(Id, ApplicationId, PreviousStatus, Action, Status, time, StillInProgress);
        }

        var message = job.Status switch
        {
            WriterJobStatus.completed => "Retried; completed.",
            WriterJobStatus.failed => $"Retried; failed again: {job.Error ?? "no reason given"}",
            WriterJobStatus.in_progress => StillInProgress,
            _ => $"Retried; now {job.StatusText}.",
        };
        return new WriterJobRetryResult(Id, ApplicationId ?? job.ApplicationId, PreviousStatus, Action, job.Status, time, message);
    }

    /// <summary>This accepted retry's record when its outcome could not be read.</summary>
    private WriterJobRetryResult WithUnknownOutcome(Exception error, DateTimeOffset time) =>
        new(Id, ApplicationId, PreviousStatus, Action, Status, time, $"Retry accepted; the outcome could not be read: {error?.Message}");

    public override string ToString() => $"{Id} {Action}";
}
