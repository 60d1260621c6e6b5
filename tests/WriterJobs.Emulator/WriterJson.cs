using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace WriterJobs.Emulator;

/// <summary>The API's JSON bodies, written by hand so field names, omitted nulls and timestamps match Writer exactly.</summary>
internal static class WriterJson
{
    // The API is JSON only, never embedded in HTML: write '+', '<' and quotes as themselves.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Job(EmulatorJob job) => Write(writer => WriteJob(writer, job));

    /// <summary>The 202 body of create and retry.</summary>
    public static string Accepted(EmulatorJob job) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("id", job.Id);
        writer.WriteString("status", job.Status);
        writer.WriteString("created_at", Timestamp(job.CreatedAt));
        writer.WriteEndObject();
    });

    public static string Page(IReadOnlyList<EmulatorJob> page, long total, long offset, int limit) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("result");
        foreach (var job in page)
        {
            WriteJob(writer, job);
        }

        writer.WriteEndArray();
        writer.WriteNumber("totalCount", total);
        writer.WriteStartObject("pagination");
        writer.WriteNumber("offset", offset);
        writer.WriteNumber("limit", limit);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public static string Error(string tpe, string description, string key) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("tpe", tpe);
        writer.WriteStartArray("errors");
        writer.WriteStartObject();
        writer.WriteString("description", description);
        writer.WriteString("key", key);
        writer.WriteStartObject("extras");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("extras");
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    // ISO 8601 with milliseconds and an explicit offset, e.g. 2026-11-23T18:00:00.123+00:00.
    internal static string Timestamp(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static void WriteJob(Utf8JsonWriter writer, EmulatorJob job)
    {
        writer.WriteStartObject();
        writer.WriteString("id", job.Id);
        writer.WriteString("status", job.Status);
        writer.WriteString("application_id", job.ApplicationId);
        writer.WriteString("created_at", Timestamp(job.CreatedAt));
        if (job.UpdatedAt is { } updated)
        {
            writer.WriteString("updated_at", Timestamp(updated));
        }

        if (job.CompletedAt is { } completed)
        {
            writer.WriteString("completed_at", Timestamp(completed));
        }

        if (job.Suggestion is { } suggestion)
        {
            writer.WriteStartObject("data");
            if (job.Title is { } title)
            {
                writer.WriteString("title", title);
            }

            writer.WriteString("suggestion", suggestion);
            writer.WriteEndObject();
        }

        if (job.Error is { } error)
        {
            writer.WriteString("error", error);
        }

        writer.WriteEndObject();
    }

    internal static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
