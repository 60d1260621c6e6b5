using System;
using WriterJobs.Waiting;

namespace WriterJobs;

/// <summary>The audit record of one retry decision: flat, so Export-Csv and ConvertTo-Json keep every column.</summary>
/// <remarks>
/// A class, not a record, as every type the cmdlets write is: PowerShell would see a record's init accessors as plain
/// setters (an audit record that a pipeline can edit) and list its compiler-made &lt;Clone&gt;$ method in Get-Member.
/// Statuses and the action are words (the names of <see cref="WriterJobStatus"/> and <see cref="WriterJobRetryAction"/>),
/// for the reason given on <see cref="WriterJob.Status"/>: JSON and CSV reports read "failed" and "Retried", not 2.
/// </remarks>
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
        PreviousStatusValue = previousStatus;
        ActionValue = action;
        StatusValue = status;
        PreviousStatus = previousStatus is { } previous ? WriterJobStatusText.Name(previous) : null;
        Action = action.ToString();
        Status = status is { } now ? WriterJobStatusText.Name(now) : null;
        Time = time;
        Message = message;
    }

    public Guid Id { get; }

    public string? ApplicationId { get; }

    /// <summary>The status the decision was based on; empty when -Force sent the retry without reading the job.</summary>
    public string? PreviousStatus { get; }

    /// <summary>Retried, Skipped, WhatIf, Failed or OverBudget: a <see cref="WriterJobRetryAction"/> name.</summary>
    public string Action { get; }

    /// <summary>The status after the action: in_progress once a retry is accepted.</summary>
    public string? Status { get; }

    public DateTimeOffset Time { get; }

    public string Message { get; }

    internal WriterJobStatus? PreviousStatusValue { get; }

    internal WriterJobRetryAction ActionValue { get; }

    internal WriterJobStatus? StatusValue { get; }

    internal static WriterJobRetryResult NotSent(WriterJobRequest request, WriterJobRetryAction action, DateTimeOffset time, string message) =>
        new(request.Id, request.Known?.ApplicationId, request.Known?.State, action, request.Known?.State, time, message);

    /// <summary>The record of a retry that ended in an error, with the status the engine last read, else the piped one.</summary>
    internal static WriterJobRetryResult ForFailure(WriterJobRequest request, Exception error, DateTimeOffset time)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        // The API out of reach means nothing of this job's reached it.
        var seen = request.Latest;
        var action = error is WriterApiException { Kind: WriterErrorKind.Unreachable } ? WriterJobRetryAction.NotSent : WriterJobRetryAction.Failed;
        return new(request.Id, seen?.ApplicationId, seen?.State, action, seen?.State, time, error?.Message ?? "The retry failed.");
    }

    /// <summary>The same record with another message (a preview's "-WhatIf:" in front).</summary>
    internal WriterJobRetryResult WithMessage(string message) => new(Id, ApplicationId, PreviousStatusValue, ActionValue, StatusValue, Time, message);

    /// <summary>This accepted retry's record when the wait for it was cut short: its final status if one was read, else why none is known.</summary>
    internal WriterJobRetryResult AfterCutShort(WriterJobWait wait, string why, DateTimeOffset time)
    {
        var job = wait?.LatestOf(Id);
        return job?.State is WriterJobStatus.completed or WriterJobStatus.failed
            ? wait!.OutcomeOf(this, time)
            : new(Id, ApplicationId ?? job?.ApplicationId, PreviousStatusValue, ActionValue, job?.State ?? StatusValue, time, $"Retry accepted; the wait for its outcome was cut short ({why}).");
    }

    public override string ToString() => $"{Id} {Action}";
}
