using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

internal sealed class PaginationDto
{
    [JsonPropertyName("offset")]
    public long? Offset { get; set; }

    [JsonPropertyName("limit")]
    public long? Limit { get; set; }
}
