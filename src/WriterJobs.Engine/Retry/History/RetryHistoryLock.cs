using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Retry.History;

/// <summary>
/// The exclusive lock on <c>&lt;history&gt;.lock</c> that every write of a history happens under: an open with
/// FileShare.None (flock on Unix, a sharing lock on Windows), which the system lets go of when its process dies, so a
/// killed run never leaves a lock that blocks the next. The file itself stays; it is empty.
/// </summary>
internal static class RetryHistoryLock
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan LastPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Waits for the lock while its holder shows progress (the history's files change) and at most
    /// <paramref name="patience"/> without any, so the wait grows with the work of the run that holds it: a compaction
    /// of a big history is waited for, a run that hangs is not.
    /// </summary>
    public static async Task<FileStream> AcquireAsync(string historyPath, string given, TimeSpan patience, TimeProvider clock, CancellationToken cancellationToken)
    {
        var lockPath = historyPath + ".lock";
        var progress = Progress(historyPath);
        var deadline = clock.GetUtcNow() + patience;
        for (var poll = FirstPoll; ; poll = poll + poll > LastPoll ? LastPoll : poll + poll)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (UnauthorizedAccessException denied)
            {
                throw RetryHistoryPath.Invalid(given, $"its lock {lockPath} cannot be made ({denied.Message})");
            }
            catch (IOException) when (File.Exists(lockPath) && !Directory.Exists(lockPath))
            {
                // Held by another run (a sharing violation); anything else about the path was checked at open.
            }

            var now = clock.GetUtcNow();
            var seen = Progress(historyPath);
            if (seen != progress)
            {
                progress = seen;
                deadline = now + patience;
            }
            else if (now >= deadline)
            {
                throw new WriterApiException(WriterErrorKind.RetryHistoryBusy,
                    $"The retry history {given} stayed locked by another run, with no progress, for {patience}; this job was not retried. Try again when that run has ended.");
            }

            await clock.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Only tries: the lock when it is free, else null (a compaction that can wait for another run).</summary>
    public static FileStream? TryAcquire(string historyPath, string given)
    {
        try
        {
            return new FileStream(historyPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (UnauthorizedAccessException denied)
        {
            throw RetryHistoryPath.Invalid(given, $"its lock {historyPath}.lock cannot be made ({denied.Message})");
        }
        catch (IOException) when (File.Exists(historyPath + ".lock"))
        {
            return null;
        }
        catch (IOException impossible)
        {
            throw RetryHistoryPath.Invalid(given, $"its lock {historyPath}.lock cannot be made ({impossible.Message})");
        }
    }

    // What a working holder changes: the journal grows, a compaction writes its temporary file and renames it in place.
    private static (long, long, long, DateTime) Progress(string historyPath) =>
        (Length(RetryJournal.PathOf(historyPath)), Length(RetrySnapshot.TemporaryPathOf(historyPath)), Length(historyPath), LastWrite(historyPath));

    private static long Length(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : -1;
    }

    private static DateTime LastWrite(string path) => File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
}
