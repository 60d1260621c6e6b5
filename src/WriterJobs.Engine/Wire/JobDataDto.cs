using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

internal sealed class JobDataDto
{
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("suggestion")]
    public string? Suggestion { get; set; }
}
