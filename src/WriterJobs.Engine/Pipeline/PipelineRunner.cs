using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Pipeline;

/// <summary>
/// Runs one piece of async work per pipeline input, at most ThrottleLimit at once, and hands results, errors and
/// log lines back on the thread that calls it (PowerShell's pipeline thread, the only one that may write).
/// ProcessRecord calls <see cref="Submit"/>, EndProcessing calls <see cref="Complete"/>, StopProcessing cancels the token.
/// </summary>
/// <remarks>
/// Inputs are read ahead into a short queue, and a finishing item starts the next queued one itself, so requests
/// follow each other back to back without the pipeline thread. That thread sleeps while the queue is full and is
/// woken when a quarter of it has started: once per several items, not once per item (a wake-up is a context switch,
/// which on a busy machine costs more than a request's own work), and early enough that the queue and the reorder
/// buffer still hold work for the time it takes a busy machine to schedule it.
/// </remarks>
public sealed class PipelineRunner<TInput, TResult> : IWriterLog, IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly Func<TInput, CancellationToken, Task<TResult>> work;
    private readonly IPipelineSink<TInput, TResult> sink;
    private readonly PipelineRunnerOptions options;
    private readonly CancellationToken cancellationToken;
    private readonly int maxHeld;
    private readonly int lowWater;

    // Pipeline thread only. Ordered mode: every submitted item not yet emitted, in input order.
    private readonly Queue<Entry> pending = new();

    // Unordered mode: finished items not yet emitted.
    private readonly ConcurrentQueue<Entry> finished = new();
    private readonly ConcurrentQueue<PipelineMessage> messages = new();
    // No spinning before it blocks: a spinning pipeline thread takes a core from the requests it waits for (a CPU
    // sample of P2 found it spinning in SemaphoreSlim.Wait for a tenth of the run).
    private readonly ManualResetEventSlim wakeUp = new(false, spinCount: 0);

    // The fields below are guarded by gate: the pipeline thread decides to sleep, and a finishing item decides to wake
    // it, under the same lock, so no wake-up is lost between the two.
    private readonly object gate = new();
    private readonly Queue<Entry> intake = new();
    private int inFlight;
    private int held;
    private int finishedSincePump;
    private WaitReason waitingFor;

    // 1 while a wake-up is signalled and not yet taken: many finishes and log lines between two pumps cost one wake-up, not one each.
    private int wakePending;
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
        maxHeld = options.Ordered ? options.ThrottleLimit + options.ReorderBufferLimit : int.MaxValue;
        lowWater = options.ReadAheadLimit - Math.Max(1, options.ReadAheadLimit / 4);
    }

    private enum WaitReason
    {
        None,

        /// <summary>Submit: the read-ahead queue is full; wake when a quarter of it has started, or when the reorder buffer needs emptying.</summary>
        Intake,

        /// <summary>Complete, WaitFor and Dispose: wake on every finish.</summary>
        Output,
    }

    /// <summary>Items started and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Items submitted so far.</summary>
    public long Submitted { get; private set; }

    /// <summary>Items whose result or error has been handed to the sink.</summary>
    public long Emitted { get; private set; }

    /// <summary>How often the pipeline thread went to sleep and was woken; a measure of hand-off cost, for tests and benchmarks.</summary>
    public long Sleeps { get; private set; }

    /// <summary>
    /// Queues one input and starts it if a slot is free; when <see cref="PipelineRunnerOptions.ReadAheadLimit"/> inputs
    /// already wait, first sleeps (emitting what finishes meanwhile) until a quarter of them have started.
    /// </summary>
    public void Submit(TInput input)
    {
        Pump();
        var entry = new Entry(this, input);
        Entry? next;
        while (!TryQueue(entry, out next))
        {
            Sleep(WaitReason.Intake);
            Pump();
        }

        Submitted++;
        unemitted++;
        if (options.Ordered)
        {
            pending.Enqueue(entry);
        }

        if (next is not null)
        {
            StartThenContinue(next);
        }
    }

    /// <summary>Waits for every submitted item and emits the rest.</summary>
    public void Complete()
    {
        Pump();
        while (unemitted > 0)
        {
            Sleep(WaitReason.Output);
            Pump();
        }
    }

    /// <summary>Waits on the pipeline thread for one task of the caller's own (a page of a list, say), delivering log lines meanwhile.</summary>
    public T WaitFor<T>(Task<T> task)
    {
        if (task is null)
        {
            throw new ArgumentNullException(nameof(task));
        }

        if (!task.IsCompleted)
        {
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(WakeUp);
        }

        Pump();
        while (!task.IsCompleted)
        {
            Sleep(WaitReason.Output);
            Pump();
        }

        // The lines the task wrote before it completed.
        Pump();
        return task.GetAwaiter().GetResult();
    }

    public bool IsDebugEnabled => options.WriteDebug;

    public void Verbose(string message) => Post(PipelineMessageLevel.Verbose, message, wake: true);

    /// <summary>Dropped unless asked for; then (one a request) they ride along with the next wake-up instead of causing one.</summary>
    public void Debug(string message)
    {
        if (options.WriteDebug)
        {
            Post(PipelineMessageLevel.Debug, message, wake: false);
        }
    }

    public void Warning(string message) => Post(PipelineMessageLevel.Warning, message, wake: true);

    /// <summary>Waits briefly for in-flight work, which the cancelled token should already be ending, so nothing outlives the command.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            waitingFor = WaitReason.Output;
        }

        var deadline = DateTime.UtcNow + DisposeWait;
        while (InFlight > 0 && DateTime.UtcNow < deadline)
        {
            wakeUp.Wait(TimeSpan.FromMilliseconds(50));
            ClearWakeUp();
        }
    }

    /// <summary>Queues the input unless the queue is full, and in the same step takes the oldest queued input that may start now.</summary>
    private bool TryQueue(Entry entry, out Entry? next)
    {
        lock (gate)
        {
            if (intake.Count >= options.ReadAheadLimit)
            {
                next = null;
                return false;
            }

            intake.Enqueue(entry);
            next = TakeNextLocked();
            return true;
        }
    }

    /// <summary>Under the lock: the oldest queued input, reserved a slot, while a slot is free and the reorder buffer has room; none once cancelled.</summary>
    private Entry? TakeNextLocked()
    {
        if (cancellationToken.IsCancellationRequested || inFlight >= options.ThrottleLimit || held >= maxHeld || intake.Count == 0)
        {
            return null;
        }

        inFlight++;
        held++;
        return intake.Dequeue();
    }

    /// <summary>From any thread: starts queued inputs while <see cref="TakeNextLocked"/> gives one.</summary>
    private void StartQueued()
    {
        while (true)
        {
            Entry? next;
            lock (gate)
            {
                next = TakeNextLocked();
            }

            if (next is null)
            {
                return;
            }

            Start(next);
        }
    }

    /// <summary>Starts one reserved input; only when it finished at once (freeing its slot again) looks for more.</summary>
    private void StartThenContinue(Entry next)
    {
        Start(next);
        if (next.IsFinished)
        {
            StartQueued();
        }
    }

    private void Start(Entry entry)
    {
        Task<TResult> task;
        try
        {
            task = work(entry.Input, cancellationToken);
        }
        catch (Exception error)
        {
            task = Task.FromException<TResult>(error);
        }

        entry.Task = task;

        // Work that finished at once is counted here, by the caller's loop, without recursing into StartQueued;
        // otherwise one delegate an item (ContinueWith would add a closure and a continuation task).
        if (task.IsCompleted)
        {
            MarkFinished(entry);
        }
        else
        {
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(entry.OnFinished);
        }
    }

    /// <summary>On the thread that completed an item: frees its slot, then starts the next queued input it took.</summary>
    private void OnFinished(Entry entry)
    {
        if (Finish(entry, takeNext: true) is { } next)
        {
            StartThenContinue(next);
        }
    }

    /// <summary>For work that finished at once, inside <see cref="Start"/>: the caller's loop starts what follows.</summary>
    private void MarkFinished(Entry entry) => Finish(entry, takeNext: false);

    /// <summary>
    /// Publishes a finished entry to the pipeline thread's pump, then in one step under the lock frees its slot,
    /// optionally takes the next queued input, and decides whether the pipeline thread waits for this.
    /// </summary>
    private Entry? Finish(Entry entry, bool takeNext)
    {
        entry.IsFinished = true;
        if (!options.Ordered)
        {
            finished.Enqueue(entry);
        }

        Entry? next;
        bool wake;
        lock (gate)
        {
            inFlight--;
            finishedSincePump++;
            next = takeNext ? TakeNextLocked() : null;
            wake = PipelineWaitsForThisLocked();
        }

        if (wake)
        {
            WakeUp();
        }

        return next;
    }

    private bool PipelineWaitsForThisLocked() => waitingFor switch
    {
        WaitReason.Output => true,
        WaitReason.Intake => intake.Count <= lowWater || held >= maxHeld,
        _ => false,
    };

    private void Post(PipelineMessageLevel level, string text, bool wake)
    {
        messages.Enqueue(new PipelineMessage(level, text));
        if (wake)
        {
            WakeUp();
        }
    }

    /// <summary>From any thread, after queuing: signals the pipeline thread unless a signal is already waiting for it.</summary>
    private void WakeUp()
    {
        if (Interlocked.Exchange(ref wakePending, 1) == 0)
        {
            wakeUp.Set();
        }
    }

    /// <summary>On the pipeline thread, after waking: while wakePending is still 1 nobody sets the event, so the reset loses no signal.</summary>
    private void ClearWakeUp()
    {
        wakeUp.Reset();
        Interlocked.Exchange(ref wakePending, 0);
    }

    /// <summary>
    /// On the pipeline thread: sleeps until a finishing item (or a log line) signals, unless what it would wait for
    /// has already happened since the last pump. Clears the signal before returning, so anything queued after the
    /// clear signals again and anything queued before it is seen by the caller's next pump.
    /// </summary>
    private void Sleep(WaitReason reason)
    {
        lock (gate)
        {
            var ready = reason == WaitReason.Output
                ? finishedSincePump > 0
                : intake.Count <= lowWater || (held >= maxHeld && finishedSincePump > 0);
            if (ready)
            {
                return;
            }

            waitingFor = reason;
        }

        Sleeps++;
        try
        {
            wakeUp.Wait(cancellationToken);
        }
        finally
        {
            lock (gate)
            {
                waitingFor = WaitReason.None;
            }

            ClearWakeUp();
        }
    }

    /// <summary>On the pipeline thread: delivers queued log lines, then every result that may go out now, then starts what that made room for.</summary>
    private void Pump()
    {
        // No lock: a finish counted before this reset is published before it, so the emission below sees it.
        Interlocked.Exchange(ref finishedSincePump, 0);

        // Count what may go out before delivering log lines: an item writes its lines before it finishes, so every
        // line of a counted item is queued by now, and comes out ahead of the item's result, never after the last one.
        var ready = options.Ordered ? FinishedAtHead() : finished.Count;
        while (messages.TryDequeue(out var message))
        {
            sink.OnMessage(message);
        }

        var emitted = 0;
        try
        {
            while (emitted < ready)
            {
                emitted++;
                Emit(options.Ordered ? pending.Dequeue() : Dequeued(finished));
            }
        }
        finally
        {
            if (emitted > 0)
            {
                lock (gate)
                {
                    held -= emitted;
                }

                StartQueued();
            }
        }
    }

    private int FinishedAtHead()
    {
        var count = 0;
        foreach (var entry in pending)
        {
            if (!entry.IsFinished)
            {
                break;
            }

            count++;
        }

        return count;
    }

    private static Entry Dequeued(ConcurrentQueue<Entry> queue) =>
        queue.TryDequeue(out var entry) ? entry : throw new InvalidOperationException("A counted finished item went missing.");

    private void Emit(Entry entry)
    {
        unemitted--;
        Emitted++;
        var task = entry.Task!;
        if (task.Status == TaskStatus.RanToCompletion)
        {
            sink.OnResult(entry.Input, task.Result);
        }
        else if (task.IsCanceled && cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        else
        {
            var error = task.Exception?.InnerExceptions.Count == 1 ? task.Exception.InnerException! : (Exception?)task.Exception ?? new OperationCanceledException();
            sink.OnError(entry.Input, error);
        }
    }

    private sealed class Entry
    {
        private readonly PipelineRunner<TInput, TResult> runner;
        private volatile bool isFinished;

        public Entry(PipelineRunner<TInput, TResult> runner, TInput input)
        {
            this.runner = runner;
            Input = input;
        }

        public TInput Input { get; }

        /// <summary>Set when the item starts, before it can finish.</summary>
        public Task<TResult>? Task { get; set; }

        public bool IsFinished
        {
            get => isFinished;
            set => isFinished = value;
        }

        public void OnFinished() => runner.OnFinished(this);
    }
}
