using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WriterJobs.Retry.History;

/// <summary>The retry history as it is stored: a format marker and, per job ID, its retries so far.</summary>
internal sealed class RetryHistoryFile
{
    public const string CurrentFormat = "WriterJobs.RetryHistory/1";

    [JsonPropertyName("format")]
    public string? Format { get; set; }

    [JsonPropertyName("jobs")]
    public Dictionary<string, RetryHistoryEntry>? Jobs { get; set; }
}
