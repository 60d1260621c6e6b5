using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

/// <summary>Writer's error body: <c>{"tpe": "...", "errors": [{"description": "...", "key": "..."}]}</c>.</summary>
internal sealed class ErrorBodyDto
{
    [JsonPropertyName("tpe")]
    public string? Type { get; set; }

    [JsonPropertyName("errors")]
    public List<ErrorEntryDto>? Errors { get; set; }
}
