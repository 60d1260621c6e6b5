using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

internal sealed class ApplicationPageDto
{
    [JsonPropertyName("data")]
    public List<ApplicationDto>? Data { get; set; }

    [JsonPropertyName("has_more")]
    public bool? HasMore { get; set; }

    [JsonPropertyName("first_id")]
    public string? FirstId { get; set; }

    [JsonPropertyName("last_id")]
    public string? LastId { get; set; }
}
