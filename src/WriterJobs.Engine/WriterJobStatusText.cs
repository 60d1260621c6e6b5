using System;

namespace WriterJobs;

/// <summary>Converts between <see cref="WriterJobStatus"/> and the API's wire values.</summary>
internal static class WriterJobStatusText
{
    /// <summary>Reads a wire value; a value this version does not know becomes <see cref="WriterJobStatus.unknown"/>.</summary>
    public static WriterJobStatus Parse(string? text) => text switch
    {
        "in_progress" => WriterJobStatus.in_progress,
        "failed" => WriterJobStatus.failed,
        "completed" => WriterJobStatus.completed,
        _ => WriterJobStatus.unknown,
    };

    /// <summary>The status as the word a user sees: the enum member's name, unknown included.</summary>
    public static string Name(WriterJobStatus status) => status switch
    {
        WriterJobStatus.in_progress => nameof(WriterJobStatus.in_progress),
        WriterJobStatus.failed => nameof(WriterJobStatus.failed),
        WriterJobStatus.completed => nameof(WriterJobStatus.completed),
        _ => nameof(WriterJobStatus.unknown),
    };

    /// <summary>The wire value for a known status.</summary>
    public static string ToWire(WriterJobStatus status) => status switch
    {
        WriterJobStatus.in_progress => "in_progress",
        WriterJobStatus.failed => "failed",
        WriterJobStatus.completed => "completed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only in_progress, failed and completed exist on the server."),
    };
}
