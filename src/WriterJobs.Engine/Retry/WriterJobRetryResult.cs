using System;

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

    public Guid Id { get; }

    public string? ApplicationId { get; }

    /// <summary>The status the decision was based on; empty when -Force sent the retry without reading the job.</summary>
    public WriterJobStatus? PreviousStatus { get; }

    public WriterJobRetryAction Action { get; }

    /// <summary>The status after the action: in_progress once a retry is accepted.</summary>
    public WriterJobStatus? Status { get; }

    public DateTimeOffset Time { get; }

    public string Message { get; }

    public static WriterJobRetryResult NotSent(WriterJobRetryRequest request, WriterJobRetryAction action, DateTimeOffset time, string message) =>
        new(request.Id, request.Known?.ApplicationId, request.Known?.Status, action, request.Known?.Status, time, message);

    public static WriterJobRetryResult ForFailure(WriterJobRetryRequest request, Exception error, DateTimeOffset time) =>
        NotSent(request, WriterJobRetryAction.Failed, time, error?.Message ?? "The retry failed.");

    public override string ToString() => $"{Id} {Action}";
}
