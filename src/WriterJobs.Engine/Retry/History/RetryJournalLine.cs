using System;
using System.Text.Json.Serialization;

namespace WriterJobs.Retry.History;

/// <summary>
/// One line of the journal: the header (format and generation), or a job's whole entry after a claim, a release or a
/// reset. A whole entry, not a change, so replaying a line twice (after a compaction that a crash cut short) changes
/// nothing; zero retries means the job is forgotten.
/// </summary>
internal sealed class RetryJournalLine
{
    public const string CurrentFormat = "WriterJobs.RetryJournal/1";

    [JsonPropertyName("format")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Format { get; set; }

    [JsonPropertyName("generation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Generation { get; set; }

    [JsonPropertyName("job")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? Job { get; set; }

    [JsonPropertyName("retries")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Retries { get; set; }

    [JsonPropertyName("lastRetryAt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? LastRetryAt { get; set; }

    [JsonPropertyName("failure")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Failure { get; set; }

    public static RetryJournalLine Header(long generation) => new() { Format = CurrentFormat, Generation = generation };

    public static RetryJournalLine For(Guid job, RetryHistoryEntry? entry) => entry is null
        ? new() { Job = job, Retries = 0 }
        : new() { Job = job, Retries = entry.Retries, LastRetryAt = entry.LastRetryAt, Failure = entry.Failure };

    /// <summary>The entry this line leaves, or null when it forgets the job.</summary>
    public RetryHistoryEntry? Entry() => Retries is > 0 && LastRetryAt is { } at
        ? new RetryHistoryEntry { Retries = Retries.Value, LastRetryAt = at, Failure = Failure }
        : null;
}
