using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Pipeline;

/// <summary>
/// Runs one piece of async work per pipeline input and hands results, errors and log lines back on the thread that
/// calls it: PowerShell's pipeline thread, the only one that may write. ProcessRecord calls <see cref="Submit"/>,
/// EndProcessing calls <see cref="Complete"/>, StopProcessing cancels the token.
/// </summary>
/// <remarks>
/// What it guarantees, and no more: at most ThrottleLimit items run at once; results come out in input order (or as
/// they finish, unordered); an item's log lines come out before its result; at most ThrottleLimit plus the reorder
/// buffer are held, whatever the input count; a cancelled token ends every wait at once and starts nothing more.
/// Every decision is taken on the calling thread; workers only record that they finished and wake it.
/// </remarks>
public sealed class PipelineRunner<TInput, TResult> : IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly Func<TInput, CancellationToken, Task<TResult>> work;
    private readonly IPipelineSink<TInput, TResult> sink;
    private readonly PipelineRunnerOptions options;
    private readonly CancellationToken cancellationToken;
    private readonly int maxHeld;

    // Calling thread only: every item not yet emitted, in input order (ordered mode).
    private readonly Queue<Item> held = new();

    // Written by workers, read by the calling thread.
    private readonly ConcurrentQueue<Item> finished = new();
    private readonly ConcurrentQueue<PipelineMessage> lines = new();

    // Set by a worker after it changed what the calling thread waits for; reset by that thread before it looks again,
    // so a wake-up that comes between its look and its wait is never lost. No spinning: the core is the requests'.
    private readonly ManualResetEventSlim wake = new(false, spinCount: 0);
    private readonly Action wakeUp;

    // What the calling thread waits for, made once: a lambda made per call would cost an allocation per input.
    private readonly Func<bool> slotFree;
    private readonly Func<bool> roomToHold;
    private readonly Func<bool> allEmitted;
    private int running;
    private int unemitted;

    public PipelineRunner(
        Func<TInput, CancellationToken, Task<TResult>> work,
        IPipelineSink<TInput, TResult> sink,
        PipelineRunnerOptions options,
        CancellationToken cancellationToken)
    {
        this.work = work ?? throw new ArgumentNullException(nameof(work));
        this.sink = sink ?? throw new ArgumentNullException(nameof(sink));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.cancellationToken = cancellationToken;
        maxHeld = options.ThrottleLimit + options.ReorderBufferLimit;
        wakeUp = wake.Set;
        slotFree = () => Running < options.ThrottleLimit && unemitted < maxHeld;
        roomToHold = () => unemitted < maxHeld;
        allEmitted = () => unemitted == 0;
        Log = new LineQueue(this);
    }

    /// <summary>Where the work writes its Verbose, Debug and Warning lines, from any thread; they come out on the calling thread.</summary>
    public IWriterLog Log { get; }

    /// <summary>Items started and not yet finished.</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>Items submitted so far.</summary>
    public long Submitted { get; private set; }

    /// <summary>Items whose result or error has been handed to the sink.</summary>
    public long Emitted { get; private set; }

    /// <summary>Starts the work for one input once a slot is free and the reorder buffer has room, emitting what finishes meanwhile.</summary>
    public void Submit(TInput input)
    {
        WaitUntil(slotFree);
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
    }

    /// <summary>An input whose result the caller already has (a duplicate, -WhatIf): it goes out in its turn and takes no slot.</summary>
    public void Add(TInput input, TResult result)
    {
        WaitUntil(roomToHold);
        Hold(new Item(input, Task.FromResult(result)), countsAsRunning: false);
    }

    /// <summary>Waits for every submitted item and emits the rest.</summary>
    public void Complete() => WaitUntil(allEmitted);

    /// <summary>Waits on the calling thread for a task of the caller's own (a page of a list, a polling round), delivering log lines meanwhile.</summary>
    public T WaitFor<T>(Task<T> task)
    {
        if (task is null)
        {
            throw new ArgumentNullException(nameof(task));
        }

        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(wakeUp);
        WaitUntil(() => task.IsCompleted);
        return task.GetAwaiter().GetResult();
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
        unemitted++;
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

    /// <summary>On the calling thread: emits what may go out until the condition holds, sleeping between wake-ups.</summary>
    private void WaitUntil(Func<bool> done)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            wake.Reset();
            Pump();
            if (done())
            {
                return;
            }

            wake.Wait(cancellationToken);
        }
    }

    /// <summary>Delivers queued log lines, then every result that may go out now.</summary>
    private void Pump()
    {
        // Counted before the lines go out: an item writes its lines before it finishes, so each counted item's lines
        // are queued by now and come out ahead of its result.
        var ready = options.Ordered ? FinishedAtHead() : finished.Count;
        while (lines.TryDequeue(out var line))
        {
            sink.OnMessage(line);
        }

        for (; ready > 0; ready--)
        {
            Emit(options.Ordered ? held.Dequeue() : TakeFinished());
        }
    }

    private int FinishedAtHead()
    {
        var count = 0;
        foreach (var item in held)
        {
            if (!item.Task.IsCompleted)
            {
                break;
            }

            count++;
        }

        return count;
    }

    private Item TakeFinished() =>
        finished.TryDequeue(out var item) ? item : throw new InvalidOperationException("A counted finished item went missing.");

    private void Emit(Item item)
    {
        unemitted--;
        Emitted++;
        var task = item.Task;
        if (task.Status == TaskStatus.RanToCompletion)
        {
            sink.OnResult(item.Input, task.Result);
        }
        else if (task.IsCanceled && cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        else
        {
            sink.OnError(item.Input, task.Exception?.InnerExceptions.Count == 1 ? task.Exception.InnerException! : (Exception?)task.Exception ?? new OperationCanceledException());
        }
    }

    private readonly struct Item
    {
        public Item(TInput input, Task<TResult> task)
        {
            Input = input;
            Task = task;
        }

        public TInput Input { get; }

        public Task<TResult> Task { get; }
    }

    /// <summary>The runner's log: Verbose and Warning lines wake the calling thread; Debug lines, one a request, ride along with the next wake-up.</summary>
    private sealed class LineQueue : IWriterLog
    {
        private readonly PipelineRunner<TInput, TResult> runner;

        public LineQueue(PipelineRunner<TInput, TResult> runner) => this.runner = runner;

        public bool IsDebugEnabled => runner.options.WriteDebug;

        public void Verbose(string message) => Post(PipelineMessageLevel.Verbose, message, wake: true);

        public void Debug(string message)
        {
            if (IsDebugEnabled)
            {
                Post(PipelineMessageLevel.Debug, message, wake: false);
            }
        }

        public void Warning(string message) => Post(PipelineMessageLevel.Warning, message, wake: true);

        private void Post(PipelineMessageLevel level, string text, bool wake)
        {
            runner.lines.Enqueue(new PipelineMessage(level, text));
            if (wake)
            {
                runner.wake.Set();
            }
        }
    }
}
