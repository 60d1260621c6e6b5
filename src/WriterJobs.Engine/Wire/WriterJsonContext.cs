using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

/// <summary>Source-generated serializers: no reflection and no per-call options at run time.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobDto))]
[JsonSerializable(typeof(AcceptedDto))]
[JsonSerializable(typeof(PageDto))]
[JsonSerializable(typeof(ErrorBodyDto))]
[JsonSerializable(typeof(CreateJobRequestDto))]
[JsonSerializable(typeof(ApplicationDto))]
[JsonSerializable(typeof(ApplicationPageDto))]
internal sealed partial class WriterJsonContext : JsonSerializerContext
{
}
