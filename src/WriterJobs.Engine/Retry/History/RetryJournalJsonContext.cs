using System.Text.Json.Serialization;

namespace WriterJobs.Retry.History;

/// <summary>Source-generated serializer of the journal: one compact line a record.</summary>
[JsonSerializable(typeof(RetryJournalLine))]
internal sealed partial class RetryJournalJsonContext : JsonSerializerContext
{
}
