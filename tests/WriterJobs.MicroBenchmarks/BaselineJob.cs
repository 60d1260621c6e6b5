using System;
using System.Text.Json.Serialization;
using WriterJobs.Wire;

namespace WriterJobs.MicroBenchmarks;

/// <summary>
/// The fields of a job the engine reads, for the plain HttpClient baseline to parse the same JSON into. A mirror of the
/// engine's internal JobDto on purpose: the baseline shares no engine code, so it measures what hand-written code costs.
/// </summary>
internal sealed class BaselineJob
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

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}
