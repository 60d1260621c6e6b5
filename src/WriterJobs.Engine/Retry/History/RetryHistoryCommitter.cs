using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Retry.History;

/// <summary>
/// Group commit: the run's workers queue their claims here, in process, and one writer at a time takes everything
/// queued, locks the history once, catches up with other runs, decides each claim in order, appends the batch to the
/// journal and fsyncs once. While it writes, the next batch queues. A claim is durable before its caller hears
/// "granted", so before its POST is sent.
/// </summary>
internal sealed class RetryHistoryCommitter
{
    private const int MaxBatch = 4096;

    private readonly ConcurrentQueue<PendingWrite> queue = new();
    private readonly RetryHistoryState state;
    private readonly Func<DateTimeOffset> now;
    private readonly Func<CancellationToken, Task<IDisposable>> lockHistory;
    private readonly Func<System.IO.FileStream> openJournal;
    private readonly RetryBudget budget;
    private int writing;

    public RetryHistoryCommitter(RetryHistoryState state, RetryBudget budget, Func<DateTimeOffset> now, Func<CancellationToken, Task<IDisposable>> lockHistory, Func<System.IO.FileStream> openJournal)
    {
        this.state = state;
        this.budget = budget;
        this.now = now;
        this.lockHistory = lockHistory;
        this.openJournal = openJournal;
    }

    /// <summary>Batches written so far, each one append and one fsync.</summary>
    public int Batches { get; private set; }

    /// <summary>Claims decided so far, granted or not.</summary>
    public int Claims { get; private set; }

    public Task<RetryClaim?> Enqueue(PendingWrite write, CancellationToken cancellationToken)
    {
        queue.Enqueue(write);
        if (Interlocked.CompareExchange(ref writing, 1, 0) == 0)
        {
            _ = Task.Run(WriteAllAsync, CancellationToken.None);
        }

        return write.WaitAsync(cancellationToken);
    }

    private async Task WriteAllAsync()
    {
        while (true)
        {
            var batch = new List<PendingWrite>();
            while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
            {
                if (next.Take())
                {
                    batch.Add(next);
                }
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch).ConfigureAwait(false);
                continue;
            }

            // Let go, then look once more: a write queued between the last look and the let-go is not stranded.
            Volatile.Write(ref writing, 0);
            if (queue.IsEmpty || Interlocked.CompareExchange(ref writing, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(List<PendingWrite> batch)
    {
        var decided = new RetryClaim?[batch.Count];
        try
        {
            // Not cancellable: a batch holds releases that Ctrl+C must not lose, and its claims were taken already.
            using (await lockHistory(CancellationToken.None).ConfigureAwait(false))
            using (var journal = openJournal())
            {
                state.CatchUp(journal);
                var at = now();
                var lines = new List<RetryJournalLine>(batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    decided[i] = Decide(batch[i], at, lines);
                }

                if (lines.Count > 0)
                {
                    state.Append(journal, lines);
                }
            }

            Batches++;
        }
        catch (Exception error)
        {
            state.Invalidate();
            foreach (var write in batch)
            {
                write.Fail(error);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Complete(decided[i]);
        }
    }

    private RetryClaim? Decide(PendingWrite write, DateTimeOffset at, List<RetryJournalLine> lines)
    {
        if (write.Claim is { } request)
        {
            Claims++;
            var claim = RetryDecision.Decide(state.Get(request.JobId), request, at, budget);
            if (claim.Granted)
            {
                Change(request.JobId, claim.After, lines);
            }

            return claim;
        }

        if (write.Release is { } release)
        {
            // Only this claim's own entry goes back: a later claim (another run's) stays.
            if (state.Get(release.JobId) is { } current && current.SameAs(release.After))
            {
                Change(release.JobId, release.Before, lines);
            }

            return release;
        }

        if (write.Reset is { } job)
        {
            Change(job, null, lines);
        }

        return null;
    }

    private void Change(Guid job, RetryHistoryEntry? entry, List<RetryJournalLine> lines)
    {
        state.Set(job, entry);
        lines.Add(RetryJournalLine.For(job, entry));
    }
}
