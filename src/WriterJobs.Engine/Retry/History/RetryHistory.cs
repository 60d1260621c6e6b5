using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Retry.History;

/// <summary>
/// Remembers, across runs, how often each job was retried, when, and for which failure, so a budget holds over
/// scheduled runs and overlapping runs retry each failure once. A JSON snapshot at the given path plus a journal beside
/// it (<see cref="RetryJournal"/>): a claim appends a line, claims of concurrent workers share one fsync
/// (<see cref="RetryHistoryCommitter"/>), and the snapshot is rewritten only by a compaction when a run opens the
/// history, which also forgets jobs older than the retention. Every write happens under <see cref="RetryHistoryLock"/>.
/// </summary>
internal sealed class RetryHistory : IDisposable
{
    /// <summary>How long a write waits for another run that holds the history without visible progress.</summary>
    public static readonly TimeSpan DefaultLockPatience = TimeSpan.FromSeconds(30);

    /// <summary>At open, the journal is folded into the snapshot once it has this many lines.</summary>
    internal const int CompactAfterLines = 4096;

    private readonly RetryHistoryState state;
    private readonly RetryHistoryCommitter? committer;
    private readonly RetryBudget budget;
    private readonly TimeProvider clock;
    private readonly TimeSpan lockPatience;
    private readonly object clockGate = new();
    private DateTimeOffset lastNow;

    private RetryHistory(string path, string given, RetryBudget budget, bool readOnly, TimeProvider clock, TimeSpan lockPatience)
    {
        Path = path;
        GivenPath = given;
        this.budget = budget;
        IsReadOnly = readOnly;
        this.clock = clock;
        this.lockPatience = lockPatience;
        state = new RetryHistoryState(path, given);
        committer = readOnly ? null : new RetryHistoryCommitter(state, budget, Now, LockAsync, RetryJournalOpen);
    }

    /// <summary>The file that is read and written: the given path after any symbolic link.</summary>
    public string Path { get; }

    /// <summary>The path as given, for messages.</summary>
    public string GivenPath { get; }

    /// <summary>Opened to read only (-WhatIf, Get-WriterJobRetryBudget): it writes no file, not even the lock.</summary>
    public bool IsReadOnly { get; }

    /// <summary>Jobs the history remembers now, forgotten ones (past the retention) included until the next compaction.</summary>
    public int Count => state.Count;

    /// <summary>Durable writes (one append and one fsync each) this run made so far.</summary>
    public int Batches => committer?.Batches ?? 0;

    /// <summary>Claims this run decided so far; with <see cref="Batches"/>, how well they were grouped.</summary>
    public int Claims => committer?.Claims ?? 0;

    /// <summary>Opens the history at <paramref name="path"/> to read and write (a missing or empty file is an empty history).</summary>
    /// <remarks>No TimeProvider here: the cmdlet assembly calls this, and Microsoft.Bcl.TimeProvider lives isolated in Dependencies/.</remarks>
    /// <exception cref="WriterApiException">The path cannot hold a history, or the file is not one.</exception>
    public static Task<RetryHistory> OpenAsync(string path, RetryBudget budget, CancellationToken cancellationToken) =>
        OpenAsync(path, budget, false, null, null, cancellationToken);

    /// <param name="readOnly">Read only, writing no file: for a preview and for showing budgets.</param>
    public static Task<RetryHistory> OpenAsync(string path, RetryBudget budget, bool readOnly, CancellationToken cancellationToken) =>
        OpenAsync(path, budget, readOnly, null, null, cancellationToken);

    internal static Task<RetryHistory> OpenAsync(string path, RetryBudget budget, bool readOnly, TimeProvider? clock, TimeSpan? lockPatience, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The retry history needs a file path.", nameof(path));
        }

        var resolved = RetryHistoryPath.Resolve(path, forWriting: !readOnly);
        var history = new RetryHistory(resolved, path, budget ?? throw new ArgumentNullException(nameof(budget)), readOnly, clock ?? TimeProvider.System, lockPatience ?? DefaultLockPatience);
        if (readOnly)
        {
            using var journal = RetryJournal.OpenToRead(resolved);
            history.state.Load(journal);
            return Task.FromResult(history);
        }

        // Only tried: while another run writes, this one opens without compacting rather than wait.
        using (var held = RetryHistoryLock.TryAcquire(resolved, path))
        using (var journal = RetryJournal.OpenToWrite(resolved, path))
        {
            if (held is not null)
            {
                File.Delete(RetrySnapshot.TemporaryPathOf(resolved));
            }

            history.state.Load(journal);
            var now = history.Now();
            if (held is not null && history.WantsCompaction(now))
            {
                history.state.Compact(journal, entry => RetryDecision.Live(entry, now, budget) is not null, now);
            }
        }

        return Task.FromResult(history);
    }

    /// <summary>Records the job's next retry if its budget allows one now (no failure known: forced, or the caller's test).</summary>
    internal Task<RetryClaim> ClaimAsync(Guid jobId, CancellationToken cancellationToken) =>
        ClaimAsync(new RetryClaimRequest(jobId, null), cancellationToken);

    /// <summary>
    /// Records the send if the budget allows it now, durably, before returning: record first, send after, so a run that
    /// dies after sending has still spent the retry, and the budget can only be undercounted by a release, never overrun.
    /// </summary>
    internal async Task<RetryClaim> ClaimAsync(RetryClaimRequest request, CancellationToken cancellationToken) =>
        (await Committer.Enqueue(PendingWrite.ForClaim(request), cancellationToken).ConfigureAwait(false))!;

    /// <summary>What a claim would get now, from what this run last read; writes nothing (the pre-check, and -WhatIf).</summary>
    internal RetryClaim Check(RetryClaimRequest request) => RetryDecision.Decide(state.Get(request.JobId), request, Now(), budget);

    /// <summary>
    /// Gives a granted claim back when its send certainly did not take effect (never sent, or refused by the server).
    /// Queued with the next batch; the task ends when it is written. Not cancellable: a release cut short would leave a
    /// retry counted that never ran.
    /// </summary>
    internal Task ReleaseAsync(RetryClaim claim) =>
        claim is { Granted: true } ? Committer.Enqueue(PendingWrite.ForRelease(claim), CancellationToken.None) : Task.CompletedTask;

    /// <summary>Forgets a job: its whole budget is back.</summary>
    public Task ResetAsync(Guid jobId, CancellationToken cancellationToken) =>
        Committer.Enqueue(PendingWrite.ForReset(jobId), cancellationToken);

    /// <summary>A job's budget as this run last read it.</summary>
    public WriterJobRetryBudget BudgetOf(Guid jobId) => WriterJobRetryBudget.From(jobId, RetryDecision.Live(state.Get(jobId), Now(), budget), budget, GivenPath);

    /// <summary>Every job the history remembers (not forgotten by the retention), oldest retry first.</summary>
    public IReadOnlyList<WriterJobRetryBudget> AllBudgets()
    {
        var now = Now();
        return state.All()
            .Where(pair => RetryDecision.Live(pair.Value, now, budget) is not null)
            .OrderBy(pair => pair.Value.LastRetryAt)
            .Select(pair => WriterJobRetryBudget.From(pair.Key, pair.Value, budget, GivenPath))
            .ToList();
    }

    /// <summary>Waits until every queued release and reset is written.</summary>
    public Task FlushAsync() =>
        committer is null ? Task.CompletedTask : committer.Enqueue(PendingWrite.ForFlush(), CancellationToken.None);

    /// <summary>Writes what is queued; a run's releases reach the file before it ends.</summary>
    public void Dispose() => FlushAsync().GetAwaiter().GetResult();

    private RetryHistoryCommitter Committer => committer ?? throw new InvalidOperationException("The retry history was opened to read only.");

    // A new, empty or old-format file gets its snapshot; a journal of CompactAfterLines is folded in (so opening never
    // replays more than that); and at least daily (or a tenth of the retention) old jobs are forgotten. Each costs
    // O(size), at most once a run, and only after that many claims or that much time.
    private bool WantsCompaction(DateTimeOffset now)
    {
        var snapshot = state.Snapshot;
        var period = TimeSpan.FromTicks(Math.Min(TimeSpan.FromDays(1).Ticks, budget.Retention.Ticks / 10));
        return snapshot.Generation == 0
            || snapshot.Format != RetryHistoryFile.CurrentFormat
            || state.JournalLines >= CompactAfterLines
            || snapshot.CompactedAt is not { } at || now - at >= period;
    }

    // Never twice the same instant, so a release can tell its own claim from a later one even on a coarse clock.
    private DateTimeOffset Now()
    {
        lock (clockGate)
        {
            var now = clock.GetUtcNow();
            lastNow = now > lastNow ? now : lastNow.AddTicks(1);
            return lastNow;
        }
    }

    private async Task<IDisposable> LockAsync(CancellationToken cancellationToken) =>
        await RetryHistoryLock.AcquireAsync(Path, GivenPath, lockPatience, clock, cancellationToken).ConfigureAwait(false);

    private FileStream RetryJournalOpen() => RetryJournal.OpenToWrite(Path, GivenPath);
}
