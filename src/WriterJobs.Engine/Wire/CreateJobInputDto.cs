using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

internal sealed class CreateJobInputDto
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("value")]
    public IReadOnlyList<string> Value { get; set; } = new List<string>();
}
