using System;
using WriterJobs.Waiting;

namespace WriterJobs;

/// <summary>The audit record of one retry decision: flat, so Export-Csv and ConvertTo-Json keep every column.</summary>
/// <remarks>
/// A class, not a record, as every type the cmdlets write is: PowerShell would see a record's init accessors as plain
/// setters (an audit record that a pipeline can edit) and list its compiler-made &lt;Clone&gt;$ method in Get-Member.
/// </remarks>
public sealed class WriterJobRetryResult
{
    private const string StillInProgress = "Retry accepted; still in progress when the wait timed out (the job goes on).";

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

        // The API out of reach means nothing of this job's reached it.
        var seen = request.Latest;
        var action = error is WriterApiException { Kind: WriterErrorKind.Unreachable } ? WriterJobRetryAction.NotSent : WriterJobRetryAction.Failed;
        return new(request.Id, seen?.ApplicationId, seen?.Status, action, seen?.Status, time, error?.Message ?? "The retry failed.");
    }

    /// <summary>The same record with another message (a preview's "-WhatIf:" in front).</summary>
    public WriterJobRetryResult WithMessage(string message) => new(Id, ApplicationId, PreviousStatus, Action, Status, Time, message);

    /// <summary>This accepted retry's record when the wait for it was cut short: its final status if one was read, else why none is known.</summary>
    public WriterJobRetryResult AfterCutShort(WriterJobWait wait, string why, DateTimeOffset time)
    {
        var job = wait?.LatestOf(Id);
        return job?.Status is WriterJobStatus.completed or WriterJobStatus.failed
            ? After(wait!, time)
            : new(Id, ApplicationId ?? job?.ApplicationId, PreviousStatus, Action, job?.Status ?? Status, time, $"Retry accepted; the wait for its outcome was cut short ({why}).");
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

        if (wait.FailureOf(Id) is { } failure)
        {
            return new(Id, ApplicationId, PreviousStatus, Action, Status, time, $"Retry accepted; the outcome could not be read: {failure.Error.Message}");
        }

        // Null when the wait timed out before the job was read.
        var job = wait.LatestOf(Id);
        var message = job?.Status switch
        {
            null or WriterJobStatus.in_progress => StillInProgress,
            WriterJobStatus.completed => "Retried; completed.",
            WriterJobStatus.failed => $"Retried; failed again: {job.Error ?? "no reason given"}",
            _ => $"Retried; now {job.StatusText}.",
        };
        return new(Id, ApplicationId ?? job?.ApplicationId, PreviousStatus, Action, job?.Status ?? Status, time, message);
    }

    public override string ToString() => $"{Id} {Action}";
}
