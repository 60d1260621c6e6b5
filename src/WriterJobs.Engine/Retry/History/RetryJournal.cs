using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace WriterJobs.Retry.History;

/// <summary>
/// <c>&lt;history&gt;.journal</c>: the claims, releases and resets since the last compaction, one JSON line each after
/// a header line that names the snapshot generation they follow. A batch of claims is appended and fsynced at once, so
/// a claim costs the same whatever the history's size. A line cut short by a killed run (no newline at its end) was
/// never fsynced, so its retry was never sent: it is ignored, and cut off before the next append.
/// </summary>
internal static class RetryJournal
{
    private const byte NewLine = (byte)'\n';

    public static string PathOf(string historyPath) => historyPath + ".journal";

    public static FileStream OpenToWrite(string historyPath, string given)
    {
        try
        {
            return new FileStream(PathOf(historyPath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
        }
        catch (UnauthorizedAccessException denied)
        {
            throw RetryHistoryPath.Invalid(given, $"its journal {PathOf(historyPath)} cannot be written ({denied.Message})");
        }
    }

    /// <summary>Null when there is no journal (yet).</summary>
    public static FileStream? OpenToRead(string historyPath)
    {
        try
        {
            return new FileStream(PathOf(historyPath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The generation in the header, or null when the journal has no whole header (new, or cut short).</summary>
    public static long? Generation(FileStream journal, string given)
    {
        var header = new byte[256];
        journal.Position = 0;
        var read = ReadFully(journal, header);
        var end = Array.IndexOf(header, NewLine, 0, read);
        return end < 0 ? null : ParseHeader(header.AsSpan(0, end), given);
    }

    /// <summary>Reads the whole lines from <paramref name="offset"/> on (the header included when it is 0).</summary>
    /// <returns>The job lines, and the offset just past the last whole line.</returns>
    public static (List<RetryJournalLine> Lines, long End) ReadFrom(FileStream journal, long offset, string given)
    {
        var lines = new List<RetryJournalLine>();
        var length = journal.Length;
        if (offset >= length)
        {
            return (lines, offset);
        }

        var bytes = new byte[length - offset];
        journal.Position = offset;
        var read = ReadFully(journal, bytes);
        var start = 0;
        for (var end = Array.IndexOf(bytes, NewLine, 0, read); end >= 0; end = Array.IndexOf(bytes, NewLine, start, read - start))
        {
            var line = bytes.AsSpan(start, end - start);
            if (offset + start == 0)
            {
                _ = ParseHeader(line, given);
            }
            else if (!IsBlank(line))
            {
                lines.Add(ParseLine(line, given));
            }

            start = end + 1;
        }

        return (lines, offset + start);
    }

    /// <summary>Appends the lines at <paramref name="end"/> (cutting off a torn tail first) and waits until they are on disk.</summary>
    /// <returns>The new end.</returns>
    public static long Append(FileStream journal, long end, IReadOnlyList<RetryJournalLine> lines)
    {
        using var buffer = new MemoryStream();
        foreach (var line in lines)
        {
            JsonSerializer.Serialize(buffer, line, RetryJournalJsonContext.Default.RetryJournalLine);
            buffer.WriteByte(NewLine);
        }

        if (journal.Length != end)
        {
            journal.SetLength(end);
        }

        journal.Position = end;
        buffer.Position = 0;
        buffer.CopyTo(journal);
        journal.Flush(flushToDisk: true);
        return end + buffer.Length;
    }

    /// <summary>Empties the journal down to a header for <paramref name="generation"/>, durably.</summary>
    /// <returns>The header's length, where the next line goes.</returns>
    public static long Reset(FileStream journal, long generation)
    {
        journal.SetLength(0);
        return Append(journal, 0, [RetryJournalLine.Header(generation)]);
    }

    private static long ParseHeader(ReadOnlySpan<byte> line, string given)
    {
        var header = Parse(line, given);
        return header.Format == RetryJournalLine.CurrentFormat && header.Generation is { } generation
            ? generation
            : throw NotAJournal(given, $"its first line is not a header with \"format\": \"{RetryJournalLine.CurrentFormat}\"");
    }

    private static RetryJournalLine ParseLine(ReadOnlySpan<byte> line, string given)
    {
        var parsed = Parse(line, given);
        return parsed.Job is not null && parsed.Retries is { } retries && (retries == 0 || parsed.LastRetryAt is not null)
            ? parsed
            : throw NotAJournal(given, "a line names no job, or no retries and time");
    }

    private static RetryJournalLine Parse(ReadOnlySpan<byte> line, string given)
    {
        try
        {
            return JsonSerializer.Deserialize(line, RetryJournalJsonContext.Default.RetryJournalLine)
                ?? throw NotAJournal(given, "a line is null");
        }
        catch (JsonException broken)
        {
            throw NotAJournal(given, $"a line is not valid JSON ({broken.Message})");
        }
    }

    // Zero bytes: what a power cut (not a killed process) may leave where a write did not reach the disk.
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not (0 or (byte)' ' or (byte)'\r' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }

    private static int ReadFully(Stream stream, byte[] into)
    {
        var total = 0;
        for (int read; total < into.Length && (read = stream.Read(into, total, into.Length - total)) > 0;)
        {
            total += read;
        }

        return total;
    }

    private static WriterApiException NotAJournal(string given, string why) =>
        RetrySnapshot.NotAHistory(given, $"its journal {PathOf(given)} is damaged: {why}");
}
