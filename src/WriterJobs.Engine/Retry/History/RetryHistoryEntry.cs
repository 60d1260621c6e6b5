using System;
using System.Text.Json.Serialization;

namespace WriterJobs.Retry.History;

/// <summary>One job's line of the retry history: how many retries were sent (or may have been) and when the last was.</summary>
internal sealed class RetryHistoryEntry
{
    [JsonPropertyName("retries")]
    public int Retries { get; set; }

    [JsonPropertyName("lastRetryAt")]
    public DateTimeOffset LastRetryAt { get; set; }
}
