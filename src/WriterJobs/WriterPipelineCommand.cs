using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Http;
using WriterJobs.Output;
using WriterJobs.Pipeline;

namespace WriterJobs;

/// <summary>
/// A command that runs one request per pipeline input through the engine's <see cref="PipelineRunner{TInput,TResult}"/>:
/// the subclass binds parameters, submits inputs, and says how one input is worked.
/// </summary>
public abstract class WriterPipelineCommand<TInput, TResult> : WriterCommandBase, IPipelineSink<TInput, TResult>
{
    private static readonly TimeSpan ProgressTick = TimeSpan.FromSeconds(1);

    private PipelineRunner<TInput, TResult>? runner;
    private ProgressReporter? itemProgress;
    private string progressNoun = string.Empty;
    private long expectedInputs;

    /// <summary>The most requests in flight at once; 1 runs them one after another.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = PipelineRunnerOptions.DefaultThrottleLimit;

    /// <summary>Write each result as soon as it finishes instead of in input order.</summary>
    [Parameter]
    public SwitchParameter Unordered { get; set; }

    protected WriterJobsClient Client { get; private set; } = null!;

    /// <summary>How many inputs are worked at once: -ThrottleLimit, unless the command keeps its requests to it itself.</summary>
    protected virtual int JobsInFlight => ThrottleLimit;

    protected PipelineRunner<TInput, TResult> Runner => runner ?? throw new InvalidOperationException("The runner starts in BeginProcessing.");

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        runner = new PipelineRunner<TInput, TResult>(RunAsync, this, new PipelineRunnerOptions(JobsInFlight, !Unordered, writeDebug: DebugWanted), Cancellation);
        Client = Connection.CreateClient(runner.Log);
    }

    protected override void EndProcessing()
    {
        WhileRunning(() =>
        {
            // Woken once a second while items run, so the bar moves while each waits for a slow outcome (-Wait).
            while (itemProgress is { IsShown: true } && Runner.Emitted < Runner.Submitted)
            {
                Runner.WaitFor(ProgressTickAsync());
                ReportItemProgress();
            }

            Runner.Complete();
        });
        itemProgress?.Complete();
    }

    /// <summary>Hands one input to the runner, which may first wait for a free slot.</summary>
    protected void Submit(TInput input) => WhileRunning(() => Runner.Submit(input));

    /// <summary>Hands the runner an input already decided on the pipeline thread; its result goes out in its turn.</summary>
    protected void Settle(TInput input, TResult result) => WhileRunning(() => Runner.Add(input, result));

    /// <summary>
    /// Shows progress over the inputs where a person watches: how many are done of how many were given (unknown while
    /// they are piped in), and the time left at a pace the connection's rate limit allows.
    /// </summary>
    protected void TrackProgress(int activityId, string activity, string what)
    {
        itemProgress = new ProgressReporter(this, activityId, activity);
        progressNoun = what;
    }

    /// <summary>Counts inputs given on the command line towards the total; piped inputs leave it unknown.</summary>
    protected void ExpectInputs(int count)
    {
        if (!MyInvocation.ExpectingInput)
        {
            expectedInputs += count;
        }
    }

    /// <summary>Updates the progress, if tracked; call as each item is written.</summary>
    protected void ReportItemProgress() =>
        itemProgress?.ReportCount(progressNoun, Runner.Emitted, MyInvocation.ExpectingInput ? null : expectedInputs, Connection.Settings.RequestsPerMinute / 60);

    private async Task<bool> ProgressTickAsync()
    {
        await Task.Delay(ProgressTick, Cancellation).ConfigureAwait(false);
        return true;
    }

    /// <summary>Works one input, off the pipeline thread.</summary>
    protected abstract Task<TResult> RunAsync(TInput input, CancellationToken cancellationToken);

    public virtual void OnResult(TInput input, TResult result) => WriteObject(result);

    public virtual void OnError(TInput input, Exception exception) => WriteWriterError(exception, input);

    public virtual void OnMessage(PipelineMessage message) => WriteMessage(message);

    // Cancel first, then wait for the work in flight, and only then let the base dispose the token's source.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            StopProcessing();
            runner?.Dispose();
        }

        base.Dispose(disposing);
    }

    // After Ctrl+C the runner's waits end with OperationCanceledException; PowerShell is already stopping the pipeline.
    private void WhileRunning(Action action)
    {
        try
        {
            action();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
        }
    }
}
