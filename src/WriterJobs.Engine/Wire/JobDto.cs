using System;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

/// <summary>A job as it travels; required fields are nullable here so a missing one is reported, not defaulted.</summary>
internal sealed class JobDto
{
    [JsonPropertyName("id")]
    public Guid? Id { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("application_id")]
    public string? ApplicationId { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; set; }

    [JsonPropertyName("completed_at")]
    public DateTimeOffset? CompletedAt { get; set; }

    [JsonPropertyName("data")]
    public JobDataDto? Data { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}
