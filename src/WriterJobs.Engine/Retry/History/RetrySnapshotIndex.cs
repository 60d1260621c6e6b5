using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace WriterJobs.Retry.History;

/// <summary>
/// The snapshot as a run reads it at open: its bytes, and where each job's entry starts, found by one pass of a JSON
/// reader that skips the entries' values. An entry is parsed only when the run asks for that job, so opening a history
/// of 100,000 jobs costs a scan (tens of milliseconds), not 100,000 objects; the whole is parsed only by a compaction.
/// </summary>
internal sealed class RetrySnapshotIndex
{
    private readonly byte[] bytes;
    private readonly string given;
    private readonly Dictionary<Guid, int> offsets = new();
    private readonly Dictionary<string, (int Start, int Length)> unknown = new(StringComparer.Ordinal);
    private bool sawJobs;

    private RetrySnapshotIndex(byte[] bytes, string given)
    {
        this.bytes = bytes;
        this.given = given;
    }

    public string Format { get; private set; } = RetryHistoryFile.CurrentFormat;

    public long Generation { get; private set; }

    /// <summary>When the snapshot was last written by a compaction; null for a file that never was.</summary>
    public DateTimeOffset? CompactedAt { get; private set; }

    public int Count => offsets.Count;

    public IEnumerable<Guid> Jobs => offsets.Keys;

    /// <summary>Reads and indexes the snapshot; a missing file, or one with nothing but white space, is an empty history.</summary>
    public static RetrySnapshotIndex Read(string path, string given)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            bytes = [];
        }

        return Of(bytes, given);
    }

    public static RetrySnapshotIndex Of(byte[] bytes, string given)
    {
        var index = new RetrySnapshotIndex(bytes, given);
        if (Array.TrueForAll(bytes, b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return index;
        }

        try
        {
            index.Scan();
        }
        catch (JsonException broken)
        {
            throw RetrySnapshot.NotAHistory(given, $"it is not valid JSON ({broken.Message})");
        }

        return index.Format is RetryHistoryFile.CurrentFormat or RetryHistoryFile.FirstFormat && index.sawJobs
            ? index
            : throw RetrySnapshot.NotAHistory(given, $"it does not start with \"format\": \"{RetryHistoryFile.CurrentFormat}\" and a \"jobs\" object");
    }

    public bool Contains(Guid job) => offsets.ContainsKey(job);

    /// <summary>The job's entry as the snapshot has it, parsed now; null when it has none.</summary>
    public RetryHistoryEntry? Entry(Guid job)
    {
        if (!offsets.TryGetValue(job, out var offset))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes.AsSpan(offset));
            return JsonSerializer.Deserialize(ref reader, RetryHistoryJsonContext.Default.RetryHistoryEntry)
                ?? throw new JsonException("an entry is null");
        }
        catch (JsonException broken)
        {
            throw RetrySnapshot.NotAHistory(given, $"the entry of job {job} cannot be read ({broken.Message})");
        }
    }

    /// <summary>The top-level fields this module does not know, kept as they are by a compaction.</summary>
    public Dictionary<string, JsonElement> Unknown()
    {
        var kept = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in unknown)
        {
            using var value = JsonDocument.Parse(bytes.AsMemory(field.Value.Start, field.Value.Length));
            kept[field.Key] = value.RootElement.Clone();
        }

        return kept;
    }

    private void Scan()
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            Format = string.Empty;
            return;
        }

        Format = string.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "format" when reader.TokenType == JsonTokenType.String:
                    Format = reader.GetString()!;
                    break;
                case "generation" when reader.TokenType == JsonTokenType.Number:
                    Generation = reader.GetInt64();
                    break;
                case "compactedAt" when reader.TokenType == JsonTokenType.String:
                    CompactedAt = reader.GetDateTimeOffset();
                    break;
                case "jobs" when reader.TokenType == JsonTokenType.StartObject:
                    ScanJobs(ref reader);
                    sawJobs = true;
                    break;
                default:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    unknown[name] = (start, (int)reader.BytesConsumed - start);
                    break;
            }
        }
    }

    // Each property of "jobs": a job ID (checked) and an object, skipped; its start is kept.
    private void ScanJobs(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueSpan;
            if (reader.ValueIsEscaped || key.Length != 36 || !Utf8Parser.TryParse(key, out Guid job, out _, 'D'))
            {
                throw RetrySnapshot.NotAHistory(given, $"'{reader.GetString()}' is not a job ID");
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw RetrySnapshot.NotAHistory(given, $"the entry of job {job} is not an object");
            }

            offsets[job] = (int)reader.TokenStartIndex;
            reader.Skip();
        }
    }
}
