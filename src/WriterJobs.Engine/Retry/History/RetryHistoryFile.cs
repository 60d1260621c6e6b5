using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WriterJobs.Retry.History;

/// <summary>The history's snapshot as stored: a format marker, a generation, per job ID its retries so far, and any
/// other top-level field a person or tool put there, kept as it is.</summary>
internal sealed class RetryHistoryFile
{
    /// <summary>Snapshot plus journal (<see cref="RetryJournal"/>). A newer format, so that an older module, which would
    /// not read the journal, refuses the file instead of undercounting.</summary>
    public const string CurrentFormat = "WriterJobs.RetryHistory/2";

    /// <summary>The snapshot alone, rewritten whole on every claim; read, and upgraded at the first write.</summary>
    public const string FirstFormat = "WriterJobs.RetryHistory/1";

    [JsonPropertyName("format")]
    public string? Format { get; set; }

    /// <summary>Raised by every compaction; the journal's header names the generation its lines follow.</summary>
    [JsonPropertyName("generation")]
    public long Generation { get; set; }

    /// <summary>When a compaction wrote this file: compactions also forget old jobs, so one comes at least daily.</summary>
    [JsonPropertyName("compactedAt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public System.DateTimeOffset? CompactedAt { get; set; }

    [JsonPropertyName("jobs")]
    public Dictionary<string, RetryHistoryEntry>? Jobs { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
