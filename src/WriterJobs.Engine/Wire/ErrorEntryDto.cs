using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

internal sealed class ErrorEntryDto
{
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("key")]
    public string? Key { get; set; }
}
