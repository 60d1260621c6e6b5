using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

internal sealed class ApplicationInputDto
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("input_type")]
    public string? InputType { get; set; }

    [JsonPropertyName("required")]
    public bool? Required { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("options")]
    public ApplicationInputOptionsDto? Options { get; set; }
}
