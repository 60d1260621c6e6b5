using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Pipeline;

/// <summary>
/// Runs one piece of async work per pipeline input and hands back what is ready (log lines, results, errors) to the
/// thread that calls it, PowerShell's pipeline thread, the only one that may write: it never calls its caller. Each
/// wait returns true once its condition holds, or false as soon as something is ready first; the caller then takes
/// what is ready (<see cref="TryTake"/>), writes it, and calls again.
/// </summary>
/// <remarks>
/// What it guarantees, and no more: at most ThrottleLimit items run at once; results come out in input order (or as
/// they finish, unordered); an item's log lines come out before its result; at most ThrottleLimit plus the reorder
/// buffer are held until taken, whatever the input count; a cancelled token ends every wait at once and starts nothing
/// more. Every decision is taken on the calling thread; workers only record that they finished and wake it.
/// </remarks>
internal sealed partial class PipelineRunner<TInput, TResult> : IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly Func<TInput, CancellationToken, Task<TResult>> work;
    private readonly PipelineLog log;
    private readonly PipelineRunnerOptions options;
    private readonly CancellationToken cancellationToken;
    private readonly int maxHeld;

    // Calling thread only: every item not yet taken, in input order (ordered mode).
    private readonly Queue<Item> held = new();

    // Written by workers, read by the calling thread (unordered mode).
    private readonly ConcurrentQueue<Item> finished = new();

    // Set by a worker or the log after it changed what the calling thread waits for; see PipelineLog.Changed.
    private readonly ManualResetEventSlim wake;
    private readonly Action wakeUp;

    // What the calling thread waits for, made once: a lambda made per call would cost an allocation per input.
    private readonly Func<bool> slotFree;
    private readonly Func<bool> roomToHold;
    private readonly Func<bool> allTaken;
    private int running;
    private int untaken;

    // Results counted as ready to go out once the log lines before them have; see TryTake.
    private int batch;
    private Task? watched;

    public PipelineRunner(
        Func<TInput, CancellationToken, Task<TResult>> work,
        PipelineLog log,
        PipelineRunnerOptions options,
        CancellationToken cancellationToken)
    {
        this.work = work ?? throw new ArgumentNullException(nameof(work));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.cancellationToken = cancellationToken;
        maxHeld = options.ThrottleLimit + options.ReorderBufferLimit;
        wake = log.Changed;
        wakeUp = wake.Set;
        slotFree = () => Running < options.ThrottleLimit && untaken < maxHeld;
        roomToHold = () => untaken < maxHeld;
        allTaken = () => untaken == 0;
    }

    /// <summary>Items started and not yet finished.</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>Items submitted so far.</summary>
    public long Submitted { get; private set; }

    /// <summary>Items whose result or error has been taken.</summary>
    public long Emitted { get; private set; }

    /// <summary>Starts the work for one input once a slot is free and the reorder buffer has room (true); false, without starting it, when something is ready to take first.</summary>
    public bool TryStart(TInput input)
    {
        if (!WaitUntil(slotFree))
        {
            return false;
        }

        Task<TResult> task;
        try
        {
            task = work(input, cancellationToken);
        }
        catch (Exception error)
        {
            task = Task.FromException<TResult>(error);
        }

        Interlocked.Increment(ref running);
        Hold(new Item(input, task), countsAsRunning: true);
        return true;
    }

    /// <summary>
    /// An input whose result the caller already has (a duplicate, -WhatIf): it goes out in its turn and takes no slot.
    /// False, without adding it, when something is ready to take first.
    /// </summary>
    public bool TryAdd(TInput input, TResult result)
    {
        if (!WaitUntil(roomToHold))
        {
            return false;
        }

        Hold(new Item(input, Task.FromResult(result)), countsAsRunning: false);
        return true;
    }

    /// <summary>True once every submitted item has been taken; false when something is ready to take first.</summary>
    public bool TryComplete() => WaitUntil(allTaken);

    /// <summary>True once a task of the caller's own (a page of a list, a polling round) has completed; false when something is ready to take first.</summary>
    public bool WaitFor(Task task)
    {
        if (task is null)
        {
            throw new ArgumentNullException(nameof(task));
        }

        // Asked again after each take: the wake-up is registered once per task.
        if (!ReferenceEquals(watched, task))
        {
            watched = task;
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(wakeUp);
        }

        return WaitUntil(() => task.IsCompleted);
    }

    /// <summary>
    /// The next thing ready, on the calling thread: queued log lines first, then each result or error that may go out now
    /// (in input order unless unordered). Throws OperationCanceledException for an item cancelled with the command.
    /// </summary>
    public bool TryTake(out PipelineOutput<TInput, TResult> output)
    {
        // Counted before the lines go out: an item writes its lines before it finishes, so each counted item's lines
        // are queued by now and come out ahead of its result.
        if (batch == 0)
        {
            batch = options.Ordered ? FinishedAtHead() : finished.Count;
        }

        if (log.TryTake(out var line))
        {
            output = PipelineOutput<TInput, TResult>.ForLine(line);
            return true;
        }

        if (batch == 0)
        {
            output = default;
            return false;
        }

        batch--;
        output = Take(options.Ordered ? held.Dequeue() : TakeFinished());
        return true;
    }

    /// <summary>Waits briefly for work in flight, which the cancelled token should already be ending, so nothing outlives the command.</summary>
    public void Dispose()
    {
        var deadline = DateTime.UtcNow + DisposeWait;
        while (true)
        {
            wake.Reset();
            var left = deadline - DateTime.UtcNow;
            if (Running == 0 || left <= TimeSpan.Zero || !wake.Wait(left))
            {
                return;
            }
        }
    }

    private void Hold(Item item, bool countsAsRunning)
    {
        Submitted++;
        untaken++;
        if (options.Ordered)
        {
            held.Enqueue(item);
        }

        var awaiter = item.Task.ConfigureAwait(false).GetAwaiter();
        if (awaiter.IsCompleted)
        {
            Finished(item, countsAsRunning);
        }
        else
        {
            awaiter.UnsafeOnCompleted(() => Finished(item, countsAsRunning));
        }
    }

    /// <summary>On whichever thread finished the item: frees its slot and wakes the calling thread.</summary>
    private void Finished(Item item, bool countsAsRunning)
    {
        if (countsAsRunning)
        {
            Interlocked.Decrement(ref running);
        }

        if (!options.Ordered)
        {
            finished.Enqueue(item);
        }

        wake.Set();
    }

    /// <summary>On the calling thread: sleeps between wake-ups until the condition holds (true) or something is ready (false).</summary>
    private bool WaitUntil(Func<bool> done)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            wake.Reset();
            if (done())
            {
                return true;
            }

            if (HasReady())
            {
                return false;
            }

            wake.Wait(cancellationToken);
        }
    }
}
