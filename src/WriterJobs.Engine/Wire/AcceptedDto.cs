using System;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

/// <summary>The 202 body of retry and create.</summary>
internal sealed class AcceptedDto
{
    [JsonPropertyName("id")]
    public Guid? Id { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }
}
