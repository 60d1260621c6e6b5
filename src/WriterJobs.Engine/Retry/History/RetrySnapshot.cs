using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace WriterJobs.Retry.History;

/// <summary>
/// The history's snapshot, the JSON file at the path the user gave: read at open (<see cref="RetrySnapshotIndex"/>),
/// rewritten only by a compaction.
/// A rewrite goes to one temporary file beside it, with a fixed name (a killed run's leftover is removed by the next
/// run, never piled up), then is renamed over it, so a reader sees the old file or the new one, never half of one.
/// </summary>
internal static class RetrySnapshot
{
    public static string TemporaryPathOf(string historyPath) => historyPath + ".compact.tmp";

    /// <summary>Replaces the snapshot, durably, keeping the file's permissions (and on Windows its ACLs).</summary>
    /// <returns>What was written, for the run's new index.</returns>
    public static byte[] Write(string path, RetryHistoryFile file)
    {
        var temporary = TemporaryPathOf(path);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(file, RetryHistoryJsonContext.Default.RetryHistoryFile);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(path))
            {
                CopyUnixMode(path, temporary);
                File.Replace(temporary, path, null);
            }
            else
            {
                File.Move(temporary, path);
            }

            FolderSync.Flush(Path.GetDirectoryName(path)!);
            return bytes;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static WriterApiException NotAHistory(string given, string why) =>
        new(WriterErrorKind.RetryHistoryInvalid, $"The file {given} is not a WriterJobs retry history: {why}. It was left as it is; give another path, or move it away.");

    // File.Get/SetUnixFileMode exist from .NET 7 on, which netstandard2.0 cannot name; on Windows, File.Replace keeps the ACLs.
    private static void CopyUnixMode(string from, string to)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            || typeof(File).GetMethod("GetUnixFileMode", [typeof(string)]) is not { } get
            || get.Invoke(null, [from]) is not { } mode
            || typeof(File).GetMethod("SetUnixFileMode", [typeof(string), mode.GetType()]) is not { } set)
        {
            return;
        }

        set.Invoke(null, [to, mode]);
    }
}
