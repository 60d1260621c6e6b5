using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace WriterJobs.Sweep;

/// <summary>
/// The sweep's -ReportPath: one row per job, in words (failed, Retried), never enum numbers; JSON for a path ending in
/// .json, CSV otherwise. Written beside the target and renamed over it, so a reader never sees half a report.
/// </summary>
internal static class SweepReport
{
    private static readonly string[] Columns = ["Id", "ApplicationId", "PreviousStatus", "Action", "Status", "Time", "Message"];

    public static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static void Write(string path, IEnumerable<WriterJobRetryResult> records)
    {
        var rows = (records ?? throw new ArgumentNullException(nameof(records))).Select(Row).ToList();
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, IsJson(full) ? Json(rows) : Encoding.UTF8.GetBytes(Csv(rows)));
            if (File.Exists(full))
            {
                File.Replace(temporary, full, null);
            }
            else
            {
                File.Move(temporary, full);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string?[] Row(WriterJobRetryResult record) =>
    [
        record.Id.ToString("D", CultureInfo.InvariantCulture),
        record.ApplicationId,
        record.PreviousStatus?.ToString(),
        record.Action.ToString(),
        record.Status?.ToString(),
        record.Time.ToString("o", CultureInfo.InvariantCulture),
        record.Message,
    ];

    // As Export-Csv -NoTypeInformation writes it: a header, every field quoted, quotes doubled.
    private static string Csv(IEnumerable<string?[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(Columns))
        {
            text.Append(string.Join(",", row.Select(field => "\"" + (field ?? string.Empty).Replace("\"", "\"\"") + "\""))).Append("\r\n");
        }

        return text.ToString();
    }

    private static byte[] Json(IEnumerable<string?[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < Columns.Length; i++)
                {
                    json.WriteString(Columns[i], row[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }
}
