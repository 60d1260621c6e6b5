using System;
using System.Globalization;

namespace WriterJobs.Sweep;

/// <summary>The sweep's log lines: the event's own time first, then key=value words a log collector can parse.</summary>
internal static class SweepLogLine
{
    public static string Stamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>One job's record, at the time it was decided.</summary>
    public static string ForRecord(WriterJobRetryResult record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        return $"{Stamp(record.Time)} job={record.Id} app={record.ApplicationId} action={record.Action} previous={record.PreviousStatus} status={record.Status} message={Quoted(record.Message)}";
    }

    /// <summary>An event of the run (started, an application listed or refused, stopped, the summary).</summary>
    public static string ForEvent(DateTimeOffset time, string text) => $"{Stamp(time)} {text}";

    /// <summary>Text in double quotes, its own double quotes made single, on one line.</summary>
    public static string Quoted(string? text) =>
        "\"" + (text ?? string.Empty).Replace('"', '\'').Replace("\r", " ").Replace("\n", " ") + "\"";
}
