using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Engine.Retry.History;

namespace WriterJobs;

/// <summary>Invoke-WriterJobRetry: re-triggers failed jobs, each at most once, and writes an audit record per input.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "WriterJobRetry", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(WriterJobRetryResult))]
public sealed class InvokeWriterJobRetryCommand : WriterJobInputCommand<InvokeWriterJobRetryCommand.RetryItem, WriterJobRetryResult>
{
    private readonly HashSet<Guid> seen = new();
    private WriterJobRetrier retrier = null!;
    private WriterJobWaiter? waiter;

    /// <summary>Retry without checking that the job is failed right now.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>How old a piped job's 'failed' status may be and still be trusted.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: true)]
    public TimeSpan MaxStatusAge { get; set; } = WriterJobRetrier.DefaultMaxStatusAge;

    /// <summary>After a retry is accepted, poll the job until it leaves in_progress and record its final status.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait for each job, counted from its retry; a timeout never cancels the job.</summary>
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

    /// <summary>With -HistoryPath: the least time between two retries of one job.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: false)]
    public TimeSpan MinRetryInterval { get; set; } = RetryBudget.DefaultMinInterval;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (!Wait && (Timeout is not null || PollInterval is not null))
        {
            this.WriteWarningLine("-Timeout and -PollInterval take effect only with -Wait.");
        }

        if (HistoryPath is null && (MyInvocation.BoundParameters.ContainsKey(nameof(MaxRetriesPerJob)) || MyInvocation.BoundParameters.ContainsKey(nameof(MinRetryInterval))))
        {
            this.WriteWarningLine("-MaxRetriesPerJob and -MinRetryInterval take effect only with -HistoryPath.");
        }

        retrier = new WriterJobRetrier(Client, Runner, MaxStatusAge, Force, OpenHistory()) { Advise = ErrorMapping.Advice };

        TrackProgress(3, Wait ? "Retrying Writer jobs and waiting for them" : "Retrying Writer jobs", "job(s) handled");
        try
        {
            waiter = Wait ? new WriterJobWaiter(Client, Runner, new WriterJobWaitOptions(Timeout, PollInterval)) : null;
        }
        catch (WriterApiException invalid)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(invalid, null));
        }
    }

    protected override void ProcessRecord()
    {
        ExpectInputs(ParameterSetName == ByInputObjectSet ? InputObject.Length : Id.Length);
        foreach (var request in JobInputs().Select(input => new WriterJobRetryRequest(input.Id, input.Known)))
        {
            Submit(new RetryItem(request, Settle(request)));
        }
    }

    protected override Task<WriterJobRetryResult> RunAsync(RetryItem input, CancellationToken cancellationToken) =>
        input.Settled is { } settled ? Task.FromResult(settled)
        : waiter is not null ? retrier.RetryAndWaitAsync(input.Request, waiter, cancellationToken)
        : retrier.RetryAsync(input.Request, cancellationToken);

    public override void OnResult(RetryItem input, WriterJobRetryResult result)
    {
        WriteObject(result);
        ReportItemProgress();
    }

    // The record first: under -ErrorAction Stop the error ends the command, and the record must not be lost with it.
    public override void OnError(RetryItem input, Exception exception)
    {
        WriteObject(WriterJobRetryResult.ForFailure(input.Request, exception, DateTimeOffset.UtcNow));
        ReportItemProgress();
        WriteWriterError(exception, input.Request.Id);
    }

    // Before any input: a file that is not a retry history, or one another run keeps locked, stops the command here.
    private RetryHistory? OpenHistory()
    {
        if (HistoryPath is null)
        {
            return null;
        }

        try
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(HistoryPath);
            return RetryHistory.OpenAsync(path, new RetryBudget(MaxRetriesPerJob, MinRetryInterval), Cancellation).GetAwaiter().GetResult();
        }
        catch (WriterApiException unusable)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(unusable, HistoryPath));
            throw;
        }
    }

    /// <summary>On the pipeline thread, before anything is sent: a duplicate, -WhatIf or a "no" at -Confirm settles the item.</summary>
    private WriterJobRetryResult? Settle(WriterJobRetryRequest request)
    {
        if (!seen.Add(request.Id))
        {
            var why = $"Job {request.Id} appeared earlier in this command: not retried twice.";
            this.WriteWarningLine(why);
            return WriterJobRetryResult.NotSent(request, WriterJobRetryAction.Skipped, DateTimeOffset.UtcNow, why);
        }

        // The reason, not -WhatIf among the bound parameters: -WhatIf also comes through $WhatIfPreference, as from a
        // calling function's own -WhatIf.
        var target = $"Writer job {request.Id}";
        if (ShouldProcess($"Performing the operation \"Retry\" on target \"{target}\".", $"Retry {target}?", "Confirm", out var reason))
        {
            return null;
        }

        return reason == ShouldProcessReason.WhatIf
            ? WriterJobRetryResult.NotSent(request, WriterJobRetryAction.WhatIf, DateTimeOffset.UtcNow, "-WhatIf: nothing was sent.")
            : WriterJobRetryResult.NotSent(request, WriterJobRetryAction.Skipped, DateTimeOffset.UtcNow, "Declined at the confirmation prompt.");
    }

    /// <summary>One input of the runner: the job, and the result already decided on the pipeline thread, if any.</summary>
    public sealed class RetryItem
    {
        public RetryItem(WriterJobRetryRequest request, WriterJobRetryResult? settled)
        {
            Request = request;
            Settled = settled;
        }

        public WriterJobRetryRequest Request { get; }

        public WriterJobRetryResult? Settled { get; }

        public override string ToString() => Request.Id.ToString();
    }
}
