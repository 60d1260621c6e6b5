using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Retry.History;

/// <summary>
/// A file that remembers, across runs, how often each job was retried and when, so that a budget holds over scheduled
/// runs. Every read-check-write happens under an exclusive lock on a companion file, so runs that overlap share the
/// history instead of racing; every write replaces the file whole (a crash mid-write leaves the previous file). A file
/// that is not a retry history is reported and never written over.
/// </summary>
public sealed class RetryHistory
{
    /// <summary>How long a claim waits for another run to let go of the history before it gives up.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider clock;
    private readonly TimeSpan lockTimeout;

    private RetryHistory(string path, RetryBudget budget, TimeProvider clock, TimeSpan lockTimeout)
    {
        Path = path;
        Budget = budget;
        this.clock = clock;
        this.lockTimeout = lockTimeout;
    }

    public string Path { get; }

    public RetryBudget Budget { get; }

    private string LockPath => Path + ".lock";

    /// <summary>Opens the history at <paramref name="path"/> (a missing file is an empty history) and checks that it is one.</summary>
    /// <remarks>No TimeProvider here: the cmdlet assembly calls this, and Microsoft.Bcl.TimeProvider lives isolated in Dependencies/.</remarks>
    /// <exception cref="WriterApiException">The file is not a retry history, or another run holds it too long.</exception>
    public static Task<RetryHistory> OpenAsync(string path, RetryBudget budget, CancellationToken cancellationToken) =>
        OpenAsync(path, budget, null, null, cancellationToken);

    internal static async Task<RetryHistory> OpenAsync(string path, RetryBudget budget, TimeProvider? clock, TimeSpan? lockTimeout, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The retry history needs a file path.", nameof(path));
        }

        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(System.IO.Path.GetDirectoryName(full)))
        {
            throw new WriterApiException(WriterErrorKind.RetryHistoryInvalid, $"The folder of the retry history {full} does not exist.");
        }

        var history = new RetryHistory(full, budget ?? throw new ArgumentNullException(nameof(budget)), clock ?? TimeProvider.System, lockTimeout ?? DefaultLockTimeout);
        using (await history.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            history.Read();
        }

        return history;
    }

    /// <summary>
    /// Records the job's next retry if its budget allows one now. Record first, send after: a run that dies after sending
    /// has still spent the retry, so the budget can only be undercounted by a release, never overrun.
    /// </summary>
    public async Task<RetryClaim> ClaimAsync(Guid jobId, CancellationToken cancellationToken)
    {
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            var file = Read();
            var now = clock.GetUtcNow();
            var key = Key(jobId);
            file.Jobs!.TryGetValue(key, out var before);
            if (before is not null && before.Retries >= Budget.MaxRetries)
            {
                return RetryClaim.Refuse(jobId, WriterJobRetryAction.OverBudget, $"Job {jobId} was retried {before.Retries} time(s) already, the most its retry budget allows; last at {Stamp(before.LastRetryAt)}.", now);
            }

            if (before is not null && now - before.LastRetryAt < Budget.MinInterval)
            {
                return RetryClaim.Refuse(jobId, WriterJobRetryAction.TooSoon, $"Job {jobId} was last retried at {Stamp(before.LastRetryAt)}, less than {Budget.MinInterval} ago.", now);
            }

            file.Jobs[key] = new RetryHistoryEntry { Retries = (before?.Retries ?? 0) + 1, LastRetryAt = now };
            Write(file);
            return RetryClaim.Grant(jobId, before, now);
        }
    }

    /// <summary>Gives a granted claim back when its retry certainly did not take effect (nothing was sent, or the server refused it).</summary>
    public async Task ReleaseAsync(RetryClaim claim, CancellationToken cancellationToken)
    {
        if (claim is null || !claim.Granted)
        {
            return;
        }

        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            var file = Read();
            var key = Key(claim.JobId);
            // Only this claim's own entry goes back: a later claim (another run's) stays.
            if (!file.Jobs!.TryGetValue(key, out var current) || current.LastRetryAt != claim.At)
            {
                return;
            }

            if (claim.Before is null)
            {
                file.Jobs.Remove(key);
            }
            else
            {
                file.Jobs[key] = claim.Before;
            }

            Write(file);
        }
    }

    private static string Key(Guid jobId) => jobId.ToString("D", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset time) => time.ToString("u", CultureInfo.InvariantCulture);

    private RetryHistoryFile Read()
    {
        if (!File.Exists(Path))
        {
            return new RetryHistoryFile { Format = RetryHistoryFile.CurrentFormat, Jobs = new Dictionary<string, RetryHistoryEntry>() };
        }

        RetryHistoryFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllBytes(Path), RetryHistoryJsonContext.Default.RetryHistoryFile);
        }
        catch (JsonException broken)
        {
            throw NotAHistory($"it is not valid JSON ({broken.Message})");
        }

        if (file?.Format != RetryHistoryFile.CurrentFormat || file.Jobs is null)
        {
            throw NotAHistory($"it does not start with \"format\": \"{RetryHistoryFile.CurrentFormat}\" and a \"jobs\" object");
        }

        foreach (var key in file.Jobs.Keys)
        {
            if (!Guid.TryParseExact(key, "D", out _))
            {
                throw NotAHistory($"'{key}' is not a job ID");
            }
        }

        return file;
    }

    // Written beside the history and renamed over it, so a reader sees the old file or the new one, never half of one.
    private void Write(RetryHistoryFile file)
    {
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, file, RetryHistoryJsonContext.Default.RetryHistoryFile);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(Path))
            {
                File.Replace(temporary, Path, null);
            }
            else
            {
                File.Move(temporary, Path);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private WriterApiException NotAHistory(string why) =>
        new(WriterErrorKind.RetryHistoryInvalid, $"The file {Path} is not a WriterJobs retry history: {why}. It was left as it is; give another path, or move it away.");

    private async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + lockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.GetUtcNow() < deadline)
            {
                await clock.Delay(LockPollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                throw new WriterApiException(WriterErrorKind.RetryHistoryBusy, $"The retry history {Path} stayed locked by another run for {lockTimeout}; try again when that run has ended.");
            }
        }
    }
}
