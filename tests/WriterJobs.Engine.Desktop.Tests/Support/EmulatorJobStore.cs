using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WriterJobs.Emulator;

namespace WriterJobs.Tests.Support;

/// <summary>Stands in for the emulator's EmulatorJobStore in the net472 suite: the same calls, over /_emulator/control/jobs.</summary>
internal sealed class EmulatorJobStore(ControlChannel control)
{
    private const string Jobs = "_emulator/control/jobs";

    public EmulatorJob Add(string applicationId, string status, string? error = null) =>
        Job(control.Post(Jobs, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("applicationId", applicationId);
            writer.WriteString("status", status);
            writer.WriteString("error", error);
            writer.WriteEndObject();
        })!.Value);

    public EmulatorJob? Find(Guid id) => control.Get($"{Jobs}/{id}") is { } job ? Job(job) : null;

    public IReadOnlyList<Guid> Ids(string? applicationId = null, string? status = null)
    {
        var query = string.Join("&", new[] { ("applicationId", applicationId), ("status", status) }
            .Where(pair => pair.Item2 is not null)
            .Select(pair => $"{pair.Item1}={Uri.EscapeDataString(pair.Item2!)}"));
        return control.Get($"{Jobs}?{query}")!.Value.EnumerateArray().Select(id => id.GetGuid()).ToList();
    }

    public int RetryTriggers(Guid id) => Find(id)?.RetryTriggers ?? 0;

    public int RetryRejections(Guid id) => Find(id)?.RetryRejections ?? 0;

    public void MarkGone(Guid id) => control.Post($"{Jobs}/{id}/gone");

    public void SetRawBody(Guid id, string contentType, string body) => control.Put($"{Jobs}/{id}/body", contentType, body);

    private static EmulatorJob Job(JsonElement job) => new()
    {
        Id = job.GetProperty("id").GetGuid(),
        ApplicationId = job.GetProperty("applicationId").GetString()!,
        Status = job.GetProperty("status").GetString()!,
        CreatedAt = job.GetProperty("createdAt").GetDateTimeOffset(),
        UpdatedAt = Time(job.GetProperty("updatedAt")),
        CompletedAt = Time(job.GetProperty("completedAt")),
        Title = job.GetProperty("title").GetString(),
        Suggestion = job.GetProperty("suggestion").GetString(),
        Error = job.GetProperty("error").GetString(),
        Gone = job.GetProperty("gone").GetBoolean(),
        RetryTriggers = job.GetProperty("retryTriggers").GetInt32(),
        RetryRejections = job.GetProperty("retryRejections").GetInt32(),
    };

    private static DateTimeOffset? Time(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDateTimeOffset();
}
