using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Binding;
using WriterJobs.Output;
using WriterJobs.Retry;
using WriterJobs.Retry.History;

namespace WriterJobs;

/// <summary>Invoke-WriterJobRetry: re-triggers failed jobs, each at most once, and writes an audit record per input.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "WriterJobRetry", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Invoke-WriterJobRetry.md")]
[OutputType(typeof(WriterJobRetryResult))]
public sealed class InvokeWriterJobRetryCommand : WriterJobInputCommand<WriterJobRequest, WriterJobRetryResult>
{
    private readonly HashSet<Guid> seen = new();
    private readonly List<WriterJobRetryResult> accepted = new();
    private WriterJobRetrier retrier = null!;

    /// <summary>Retry without checking that the job is failed right now.</summary>
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

        retrier = new WriterJobRetrier(Client, Runner.Log, MaxStatusAge, Force, OpenHistory()) { Advise = ErrorMapping.Advice };
        TrackProgress(3, "Retrying Writer jobs", "job(s) handled");
    }

    protected override void ProcessRecord()
    {
        ExpectInputs(ParameterSetName == ByInputObjectSet ? InputObject.Length : Id.Length);
        foreach (var request in JobInputs())
        {
            if (Decline(request) is { } declined)
            {
                Settle(request, declined);
            }
            else
            {
                Submit(request);
            }
        }
    }

    protected override Task<WriterJobRetryResult> RunAsync(WriterJobRequest input, CancellationToken cancellationToken) =>
        retrier.RetryAsync(input, cancellationToken);

    // With -Wait an accepted retry's record waits for its outcome; every other record goes out at once.
    public override void OnResult(WriterJobRequest input, WriterJobRetryResult result)
    {
        if (Wait && result.Action == nameof(WriterJobRetryAction.Retried))
        {
            accepted.Add(result);
        }
        else
        {
            WriteObject(result);
        }

        ReportItemProgress();
    }

    // The record first: under -ErrorAction Stop the error ends the command, and the record must not be lost with it.
    public override void OnError(WriterJobRequest input, Exception exception)
    {
        WriteObject(WriterJobRetryResult.ForFailure(input, exception, DateTimeOffset.UtcNow));
        ReportItemProgress();
        WriteWriterError(exception, input.Id);
    }

    /// <summary>With -Wait, once every retry is sent: one wait for all the accepted ones, then their records with the outcome.</summary>
    protected override void EndProcessing()
    {
        base.EndProcessing();
        if (accepted.Count == 0)
        {
            return;
        }

        var wait = CreateWaiter(Timeout, PollInterval).Start(accepted.Select(result => result.Id).ToList());
        if (!RunToEnd(wait, "Waiting for retried Writer jobs"))
        {
            return;
        }

        foreach (var result in accepted)
        {
            if (wait.FailureOf(result.Id) is { } failure)
            {
                // The retry did take effect: its record stays Retried, and a warning says why no outcome is known.
                this.WriteWarningLine($"The retry of job {result.Id} was accepted, but its outcome could not be read: {failure.Error.Message}");
            }

            WriteObject(wait.OutcomeOf(result, DateTimeOffset.UtcNow));
        }
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
    private WriterJobRetryResult? Decline(WriterJobRequest request)
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
}
