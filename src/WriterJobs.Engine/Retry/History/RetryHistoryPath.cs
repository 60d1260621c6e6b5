using System;
using System.IO;

namespace WriterJobs.Retry.History;

/// <summary>
/// Where a history really lives, checked before anything is sent: a symbolic link is followed to its target (which is
/// what gets written, so the link stays a link), and a folder, a dangling link, a FIFO or device, a read-only file or a
/// folder that cannot be written each get one clear error. An empty file is a valid empty history.
/// </summary>
internal static class RetryHistoryPath
{
    private const int MaxLinks = 32;

    /// <summary>The full path of the file to read and write, after every link.</summary>
    /// <param name="forWriting">Also refuse a read-only file and a folder where the lock cannot be made.</param>
    public static string Resolve(string path, bool forWriting)
    {
        var full = Path.GetFullPath(path);
        for (var hops = 0; ; hops++)
        {
            if (Directory.Exists(full))
            {
                throw Invalid(path, $"{full} is a folder, not a file; give a file path such as {Path.Combine(full, "retries.json")}");
            }

            if (LinkTarget(full) is not { } target)
            {
                break;
            }

            var next = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, target));
            if (!File.Exists(next) && !Directory.Exists(next) && LinkTarget(next) is null)
            {
                throw Invalid(path, $"{full} is a symbolic link to {next}, which does not exist; create the file (an empty one will do) or give another path");
            }

            if (hops >= MaxLinks)
            {
                throw Invalid(path, $"{path} leads through more than {MaxLinks} symbolic links");
            }

            full = next;
        }

        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            throw Invalid(path, $"the folder {folder} does not exist");
        }

        if (File.Exists(full))
        {
            CheckFile(path, full, forWriting);
        }

        return full;
    }

    public static WriterApiException Invalid(string given, string why) =>
        new(WriterErrorKind.RetryHistoryInvalid, $"The retry history {given} cannot be used: {why}. Nothing was sent.");

    // A FIFO, socket or device cannot be seeked. Opened for reading and writing, a FIFO does not block on Linux, as a
    // read-only open would until someone writes to it.
    private static void CheckFile(string given, string full, bool forWriting)
    {
        if (forWriting && new FileInfo(full).IsReadOnly)
        {
            throw Invalid(given, $"{full} is read-only, and a history is written at every retry; make it writable or give another path");
        }

        try
        {
            using var probe = new FileStream(full, FileMode.Open, forWriting ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            if (!probe.CanSeek)
            {
                throw Invalid(given, $"{full} is not a regular file (a pipe or a device)");
            }
        }
        catch (UnauthorizedAccessException denied)
        {
            throw Invalid(given, $"{full} cannot be {(forWriting ? "written" : "read")} ({denied.Message})");
        }
    }

    /// <summary>Where a symbolic link points, as written in it; null for anything else. FileSystemInfo.LinkTarget
    /// exists from .NET 6 on, which netstandard2.0 cannot name; Windows PowerShell 5.1 does not follow links here.</summary>
    private static string? LinkTarget(string path)
    {
        var info = new FileInfo(path);
        var attributes = info.Attributes;
        return (int)attributes != -1 && (attributes & FileAttributes.ReparsePoint) != 0
            ? typeof(FileSystemInfo).GetProperty("LinkTarget")?.GetValue(info) as string
            : null;
    }
}
