using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

internal sealed class PageDto
{
    [JsonPropertyName("result")]
    public List<JobDto>? Result { get; set; }

    // The API spells this one in camelCase.
    [JsonPropertyName("totalCount")]
    public long? TotalCount { get; set; }

    [JsonPropertyName("pagination")]
    public PaginationDto? Pagination { get; set; }
}
