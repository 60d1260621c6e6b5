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
public sealed class PipelineRunner<TInput, TResult> : IWriterLog, IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly Func<TInput, CancellationToken, Task<TResult>> work;
    private readonly IPipelineSink<TInput, TResult> sink;
    private readonly PipelineRunnerOptions options;
    private readonly CancellationToken cancellationToken;

    // Ordered mode: every started item not yet emitted, in input order. Unordered mode: finished items not yet emitted.
    private readonly Queue<Entry> pending = new();
    private readonly ConcurrentQueue<Entry> finished = new();
    private readonly ConcurrentQueue<PipelineMessage> messages = new();
    private readonly SemaphoreSlim wakeUp = new(0);
    private int inFlight;

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
    }

    /// <summary>Items started and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Items submitted so far.</summary>
    public long Submitted { get; private set; }

    /// <summary>Items whose result or error has been handed to the sink.</summary>
    public long Emitted { get; private set; }

    /// <summary>Starts the work for one input, first waiting (and emitting what finishes meanwhile) while the runner is full.</summary>
    public void Submit(TInput input)
    {
        Pump();
        while (InFlight >= options.ThrottleLimit || (options.Ordered && pending.Count >= options.ThrottleLimit + options.ReorderBufferLimit))
        {
            WaitAndPump();
        }

        Start(input);
    }

    /// <summary>Waits for every started item and emits the rest.</summary>
    public void Complete()
    {
        Pump();
        while (unemitted > 0)
        {
            WaitAndPump();
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
            WaitAndPump();
        }

        return task.GetAwaiter().GetResult();
    }

    public void Verbose(string message) => Post(PipelineMessageLevel.Verbose, message);

    public void Debug(string message) => Post(PipelineMessageLevel.Debug, message);

    public void Warning(string message) => Post(PipelineMessageLevel.Warning, message);

    /// <summary>Waits briefly for in-flight work, which the cancelled token should already be ending, so nothing outlives the command.</summary>
    public void Dispose()
    {
        var deadline = DateTime.UtcNow + DisposeWait;
        while (InFlight > 0 && DateTime.UtcNow < deadline)
        {
            wakeUp.Wait(TimeSpan.FromMilliseconds(50));
            Interlocked.Exchange(ref wakePending, 0);
        }
    }

    private void Start(TInput input)
    {
        Task<TResult> task;
        Interlocked.Increment(ref inFlight);
        try
        {
            task = work(input, cancellationToken);
        }
        catch (Exception error)
        {
            task = Task.FromException<TResult>(error);
        }

        var entry = new Entry(this, input, task);
        Submitted++;
        unemitted++;
        if (options.Ordered)
        {
            pending.Enqueue(entry);
        }

        // Work that finished at once is counted here, on the pipeline thread; an awaiter would post it to the thread pool.
        // Otherwise one delegate an item (ContinueWith would add a closure and a continuation task).
        if (task.IsCompleted)
        {
            OnFinished(entry);
        }
        else
        {
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(entry.OnFinished);
        }
    }

    private void OnFinished(Entry entry)
    {
        if (!options.Ordered)
        {
            finished.Enqueue(entry);
        }

        Interlocked.Decrement(ref inFlight);
        WakeUp();
    }

    private void Post(PipelineMessageLevel level, string text)
    {
        messages.Enqueue(new PipelineMessage(level, text));
        WakeUp();
    }

    /// <summary>From any thread, after queuing: signals the pipeline thread unless a signal is already waiting for it.</summary>
    private void WakeUp()
    {
        if (Interlocked.Exchange(ref wakePending, 1) == 0)
        {
            wakeUp.Release();
        }
    }

    /// <summary>
    /// On the pipeline thread: sleeps until signalled, then clears the signal before pumping, so anything queued
    /// after the clear signals again and anything queued before it is seen by this pump.
    /// </summary>
    private void WaitAndPump()
    {
        wakeUp.Wait(cancellationToken);
        Interlocked.Exchange(ref wakePending, 0);
        Pump();
    }

    /// <summary>On the pipeline thread: delivers queued log lines, then every result that may go out now.</summary>
    private void Pump()
    {
        while (messages.TryDequeue(out var message))
        {
            sink.OnMessage(message);
        }

        if (options.Ordered)
        {
            while (pending.Count > 0 && pending.Peek().Task.IsCompleted)
            {
                Emit(pending.Dequeue());
            }
        }
        else
        {
            while (finished.TryDequeue(out var entry))
            {
                Emit(entry);
            }
        }
    }

    private void Emit(Entry entry)
    {
        unemitted--;
        Emitted++;
        var task = entry.Task;
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

        public Entry(PipelineRunner<TInput, TResult> runner, TInput input, Task<TResult> task)
        {
            this.runner = runner;
            Input = input;
            Task = task;
        }

        public TInput Input { get; }

        public Task<TResult> Task { get; }

        public void OnFinished() => runner.OnFinished(this);
    }
}
