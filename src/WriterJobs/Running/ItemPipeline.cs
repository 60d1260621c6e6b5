using System;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Http;
using WriterJobs.Output;
using WriterJobs.Pipeline;

namespace WriterJobs.Running;

/// <summary>
/// One command's items on their way through the engine, built in one direction: the log, the client that writes to it,
/// the work that uses the client, the runner that works each input. Each call waits on the pipeline thread and writes
/// what the runner has ready meanwhile: log lines, then each item's result or error in its turn, with the progress.
/// </summary>
internal sealed class ItemPipeline<TInput, TResult> : IDisposable
{
    private static readonly TimeSpan ProgressTick = TimeSpan.FromSeconds(1);

    private readonly PipelineRunner<TInput, TResult> runner;
    private readonly Action<TInput, TResult> writeResult;
    private readonly Action<TInput, Exception> writeError;
    private readonly Action<PipelineMessage> writeLine;
    private readonly CancellationToken cancellation;

    /// <param name="work">Given the command's client and log, how one input is worked, off the pipeline thread.</param>
    public ItemPipeline(
        WriterConnection connection,
        PipelineRunnerOptions options,
        bool writeDebug,
        Func<WriterJobsClient, IWriterLog, Func<TInput, CancellationToken, Task<TResult>>> work,
        Action<TInput, TResult> writeResult,
        Action<TInput, Exception> writeError,
        Action<PipelineMessage> writeLine,
        CancellationToken cancellation)
    {
        Log = new PipelineLog(writeDebug);
        Client = connection.CreateClient(Log);
        runner = new PipelineRunner<TInput, TResult>(work(Client, Log), Log, options, cancellation);
        this.writeResult = writeResult;
        this.writeError = writeError;
        this.writeLine = writeLine;
        this.cancellation = cancellation;
    }

    public PipelineLog Log { get; }

    public WriterJobsClient Client { get; }

    /// <summary>Progress over the inputs, updated as each is written; null shows none.</summary>
    public ItemProgress? Progress { get; set; }

    /// <summary>Hands one input to the runner, which may first wait for a free slot.</summary>
    public void Submit(TInput input) => WhileRunning(() => WriteReadyUntil(static (runner, input) => runner.TryStart(input), input));

    /// <summary>Hands the runner an input already decided on the pipeline thread; its result goes out in its turn.</summary>
    public void Settle(TInput input, TResult result) => WhileRunning(() => WriteReadyUntil(static (runner, item) => runner.TryAdd(item.input, item.result), (input, result)));

    /// <summary>Waits for a task of the command's own (a page, a polling round), writing what is ready meanwhile; throws what the task threw.</summary>
    public T WaitFor<T>(Task<T> task)
    {
        WaitFor((Task)task);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Waits for a task of the command's own that yields nothing (a polling round); throws what it threw.</summary>
    public void WaitFor(Task task)
    {
        WriteReadyUntil(static (runner, task) => runner.WaitFor(task), task);
        task.GetAwaiter().GetResult();
    }

    /// <summary>Waits for every input and writes the rest; the progress moves once a second meanwhile (a slow -Wait).</summary>
    public void Complete()
    {
        WhileRunning(() =>
        {
            while (Progress is { IsShown: true } && runner.Emitted < runner.Submitted)
            {
                WaitFor(Task.Delay(ProgressTick, cancellation));
                Progress.Report(runner.Emitted);
            }

            WriteReadyUntil(static (runner, _) => runner.TryComplete(), 0);
        });
        Progress?.Complete();
    }

    /// <summary>Waits briefly for the work in flight; cancel the command's token first.</summary>
    public void Dispose() => runner.Dispose();

    // Each runner call returns false when it stopped waiting because something is ready to write: write it, ask again.
    // The calls are static lambdas given their state, so a wait per input allocates no delegate of its own.
    private void WriteReadyUntil<TState>(Func<PipelineRunner<TInput, TResult>, TState, bool> done, TState state)
    {
        while (!done(runner, state))
        {
            WriteReady();
        }

        WriteReady();
    }

    private void WriteReady()
    {
        while (runner.TryTake(out var ready))
        {
            if (ready.Line is { } line)
            {
                writeLine(line);
                continue;
            }

            if (ready.Error is { } error)
            {
                writeError(ready.Input, error);
            }
            else
            {
                writeResult(ready.Input, ready.Result);
            }

            Progress?.Report(runner.Emitted);
        }
    }

    // After Ctrl+C the runner's waits end with OperationCanceledException; PowerShell is already stopping the pipeline.
    private void WhileRunning(Action action)
    {
        try
        {
            action();
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}
