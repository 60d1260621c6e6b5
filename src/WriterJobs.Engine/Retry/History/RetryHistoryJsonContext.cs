using System.Text.Json.Serialization;

namespace WriterJobs.Retry.History;

/// <summary>Source-generated serializer of the history file, indented so a person can read it.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RetryHistoryFile))]
internal sealed partial class RetryHistoryJsonContext : JsonSerializerContext
{
}
