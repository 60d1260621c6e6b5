using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Binding;
using static WriterJobs.Binding.JobIdArguments;
using WriterJobs.Output;
using WriterJobs.Pipeline;
using WriterJobs.Retry;
using WriterJobs.Retry.History;
using WriterJobs.Running;
using WriterJobs.Waiting;

namespace WriterJobs;

/// <summary>Invoke-WriterJobRetry: re-triggers failed jobs, each at most once, and writes an audit record per input, whatever
/// ends the command (<see cref="DeferredStop"/>; Ctrl+C apart, after which PowerShell takes no more output). Its two
/// parameter sets are Wait-WriterJob's, for the same reason.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "WriterJobRetry", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Invoke-WriterJobRetry.md")]
[OutputType(typeof(WriterJobRetryResult))]
public sealed class InvokeWriterJobRetryCommand : WriterCommandBase
{
    private readonly HashSet<Guid> seen = new();
    private WriterJobRetrier retrier = null!;
    private RetryHistory? history;
    private bool preview;
    private DeferredStop stop = null!;
    private AcceptedRetries accepted = null!;
    private ItemPipeline<WriterJobRequest, WriterJobRetryResult> items = null!;
    private string?[] ids = Array.Empty<string?>();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("JobId")]
    [AllowEmptyString]
    [AllowNull]
    [JobIdTransformation]
    public string?[] Id
    {
        get => ids;

        // -Id $null (Get-Content of an empty file) binds a null array: no ID, so nothing to do.
        set => ids = value ?? Array.Empty<string?>();
    }

    /// <summary>Jobs from Get-WriterJob or Start-WriterJob.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    public WriterJob[] InputObject { get; set; } = Array.Empty<WriterJob>();

    /// <summary>The most requests in flight at once; 1 runs them one after another.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = PipelineRunnerOptions.DefaultThrottleLimit;

    /// <summary>Write each result as soon as it finishes instead of in input order.</summary>
    [Parameter]
    public SwitchParameter Unordered { get; set; }

    /// <summary>Retry without checking that the job is failed right now, and whatever its retry budget says.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>How old a piped job's 'failed' status may be and still be trusted.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: true)]
    public TimeSpan MaxStatusAge { get; set; } = WriterJobRetrier.DefaultMaxStatusAge;

    /// <summary>Once the input ends, poll every job whose retry was accepted until it leaves in_progress, and record its final status.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait in all, counted from the end of the input; a timeout never cancels a job.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: true)]
    public TimeSpan? Timeout { get; set; }

    /// <summary>With -Wait: the first pause between polls; later pauses grow to 30 seconds (or to this value, if longer).</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: false)]
    public TimeSpan? PollInterval { get; set; }

    /// <summary>A file that keeps each job's retries across runs, so that -MaxRetriesPerJob and -MinRetryInterval hold over scheduled runs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HistoryPath { get; set; }

    /// <summary>With -HistoryPath: the most retries of one job across all runs that share the history.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int MaxRetriesPerJob { get; set; } = RetryBudget.DefaultMaxRetries;

    /// <summary>With -HistoryPath: the least time between two retries of one job; 0 allowed.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: true)]
    public TimeSpan MinRetryInterval { get; set; } = RetryBudget.DefaultMinInterval;

    /// <summary>With -HistoryPath: how long after its last retry a job is remembered (default 30 days).</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: false)]
    public TimeSpan? HistoryRetention { get; set; }

    /// <summary>The most retries this command sends; the jobs past it are recorded as LimitReached.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxRetryCount { get; set; }

    /// <summary>Only jobs that failed (were last updated) within this long before now; older ones are recorded as TooOld.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: false)]
    public TimeSpan? FailedWithin { get; set; }

    // With a history, four jobs a request slot: a job waiting for its claim's fsync holds none (RequestSlots).
    private int JobsInFlight => HistoryPath is null || WhatIfWanted ? ThrottleLimit : ThrottleLimit * 4;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (!Wait && (Timeout is not null || PollInterval is not null))
        {
            this.WriteWarningLine("-Timeout and -PollInterval take effect only with -Wait.");
        }

        if (HistoryPath is null && new[] { nameof(MaxRetriesPerJob), nameof(MinRetryInterval), nameof(HistoryRetention) }.Any(MyInvocation.BoundParameters.ContainsKey))
        {
            this.WriteWarningLine("-MaxRetriesPerJob, -MinRetryInterval and -HistoryRetention take effect only with -HistoryPath.");
        }

        stop = new DeferredStop(Cancellation);
        accepted = new AcceptedRetries(this, stop);
        preview = WhatIfWanted;
        history = HistoryPath is null ? null
            : HistoryPathParameter.Open(this, HistoryPath, () => new RetryBudget(MaxRetriesPerJob, MinRetryInterval, HistoryRetention), preview, Cancellation);
        var options = new WriterJobRetryOptions { MaxStatusAge = MaxStatusAge, Force = Force, MaxRetryCount = MaxRetryCount, FailedWithin = FailedWithin, RequestsInFlight = JobsInFlight == ThrottleLimit ? null : ThrottleLimit };
        items = StartItems<WriterJobRequest, WriterJobRetryResult>(
            new PipelineRunnerOptions(JobsInFlight, !Unordered),
            (client, log) =>
            {
                retrier = new WriterJobRetrier(client, log, options, history) { Advise = ErrorMapping.Advice };
                return RunAsync;
            },
            OnResult,
            OnError,
            line => stop.Hold(() => WriteMessage(line)));
        items.Progress = new ItemProgress(this, 3, "Retrying Writer jobs", "job(s) handled", Connection.Settings.RequestsPerMinute / 60);
    }

    protected override void ProcessRecord()
    {
        var byObject = ParameterSetName == ByInputObjectSet;
        items.Progress!.ExpectInputs(byObject ? InputObject.Length : Id.Length);
        foreach (var request in JobIdArguments.Requests(this, byObject ? InputObject : null, Id))
        {
            if (Decline(request) is { } declined)
            {
                items.Settle(request, declined);
            }
            else
            {
                items.Submit(request);
            }
        }

        stop.ThrowIfHeld(() =>
        {
            items.Complete();
            accepted.WriteUnwaited();
        });
    }

    // Once the command is stopping, an input not yet started is only recorded.
    private Task<WriterJobRetryResult> RunAsync(WriterJobRequest input, CancellationToken cancellationToken) =>
        stop.IsStopping ? Task.FromResult(WriterJobRetryResult.NotSent(input, WriterJobRetryAction.NotSent, DateTimeOffset.UtcNow, $"Not sent: the command stopped before this job ({stop.Reason})"))
        : preview ? retrier.PredictAsync(input, cancellationToken)
        : retrier.RetryAsync(input, cancellationToken);

    // With -Wait an accepted retry's record waits for its outcome; every other record goes out at once.
    private void OnResult(WriterJobRequest input, WriterJobRetryResult result)
    {
        // Only a job a real run would retry gets its "What if:" line.
        if (preview && (result.Action != nameof(WriterJobRetryAction.WhatIf) || !ShouldRetry(result.Id)))
        {
            result = result.WithMessage("-WhatIf: " + result.Message);
        }

        if (Wait && result.Action == nameof(WriterJobRetryAction.Retried))
        {
            accepted.Add(result);
        }
        else
        {
            WriteObject(result);
        }
    }

    // The record first, and always: a Stop preference or a stopping error waits until every record is out.
    private void OnError(WriterJobRequest input, Exception exception)
    {
        WriteObject(WriterJobRetryResult.ForFailure(input, exception, DateTimeOffset.UtcNow));
        stop.HoldUnlessStopping(() => WriteWriterError(exception, input.Id));
    }

    /// <summary>With -Wait, once every retry is sent: one wait for all the accepted ones, then their records with the outcome.</summary>
    protected override void EndProcessing()
    {
        items.Complete();
        if (accepted.Count > 0 && !stop.IsStopping)
        {
            accepted.WaitForAll(items, new WriterJobWaitOptions(Timeout, PollInterval, maxInFlight: ThrottleLimit));
        }

        stop.Hold(() => HistoryPathParameter.ReportWrites(this, history));
        stop.ThrowIfHeld(accepted.WriteUnwaited);
    }

    // The history's queued releases are written before it is let go of, Ctrl+C included.
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        history?.Dispose();
    }

    /// <summary>On the pipeline thread, before anything is sent: a duplicate or a "no" at -Confirm settles the item.</summary>
    private WriterJobRetryResult? Decline(WriterJobRequest request)
    {
        if (!seen.Add(request.Id))
        {
            var why = $"Job {request.Id} appeared earlier in this command: not retried twice.";
            stop.Hold(() => this.WriteWarningLine(why));
            return WriterJobRetryResult.NotSent(request, WriterJobRetryAction.Skipped, DateTimeOffset.UtcNow, why);
        }

        // -WhatIf predicts each job's action off this thread, and says what if in OnResult.
        if (preview || ShouldRetry(request.Id))
        {
            return null;
        }

        return WriterJobRetryResult.NotSent(request, WriterJobRetryAction.Skipped, DateTimeOffset.UtcNow, "Declined at the confirmation prompt.");
    }

    private bool ShouldRetry(Guid id) =>
        ShouldProcess($"Performing the operation \"Retry\" on target \"Writer job {id}\".", $"Retry Writer job {id}?", "Confirm", out _);
}
