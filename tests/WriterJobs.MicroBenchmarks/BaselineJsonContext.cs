using System.Text.Json.Serialization;

namespace WriterJobs.MicroBenchmarks;

/// <summary>Source-generated like the engine's own, so the baseline pays no reflection either.</summary>
[JsonSerializable(typeof(BaselineJob))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext
{
}
