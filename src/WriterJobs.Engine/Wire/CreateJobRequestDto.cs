using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

internal sealed class CreateJobRequestDto
{
    [JsonPropertyName("inputs")]
    public List<CreateJobInputDto> Inputs { get; set; } = new();
}
