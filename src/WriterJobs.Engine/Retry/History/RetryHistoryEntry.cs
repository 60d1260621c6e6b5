using System;
using System.Text.Json.Serialization;

namespace WriterJobs.Retry.History;

/// <summary>One job's line of the retry history: how many retries were sent (or may have been), when the last was,
/// and which failure it was for.</summary>
internal sealed class RetryHistoryEntry
{
    [JsonPropertyName("retries")]
    public int Retries { get; set; }

    [JsonPropertyName("lastRetryAt")]
    public DateTimeOffset LastRetryAt { get; set; }

    /// <summary>The job's update time when it was read as failed before the last retry: the failure that retry was for.
    /// Absent when the retry was forced without reading the job.</summary>
    [JsonPropertyName("failure")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Failure { get; set; }

    public bool SameAs(RetryHistoryEntry? other) =>
        other is not null && other.Retries == Retries && other.LastRetryAt == LastRetryAt && other.Failure == Failure;
}
