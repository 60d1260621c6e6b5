using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

/// <summary>An application as it travels; required fields are nullable here so a missing one is reported, not defaulted.</summary>
internal sealed class ApplicationDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; set; }

    [JsonPropertyName("last_deployed_at")]
    public DateTimeOffset? LastDeployedAt { get; set; }

    [JsonPropertyName("inputs")]
    public List<ApplicationInputDto>? Inputs { get; set; }
}
