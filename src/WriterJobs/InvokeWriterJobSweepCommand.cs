using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using WriterJobs.Binding;
using WriterJobs.Connection;
using WriterJobs.Output;
using WriterJobs.Pipeline;
using WriterJobs.Retry.History;
using WriterJobs.Session;
using WriterJobs.Sweep;
using WriterJobs.Sweeping;

namespace WriterJobs;

/// <summary>
/// Invoke-WriterJobSweep: the unattended job. Retries the failed jobs of applications within a retry budget kept across
/// runs, logs each decision when it is taken, and ends with a summary whose exit code a scheduler acts on. Each
/// application stands alone; only what stops every request (the key, the API out of reach) stops the sweep.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "WriterJobSweep", DefaultParameterSetName = ByEnvironmentSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Invoke-WriterJobSweep.md")]
[OutputType(typeof(WriterJobRetryResult), typeof(WriterJobSweepSummary))]
public sealed class InvokeWriterJobSweepCommand : WriterCommandBase
{
    private const string ByEnvironmentSet = "ByEnvironment";
    private const string BySecretSet = "BySecret";
    private const string ByCredentialSet = "ByCredential";

    private readonly List<string> given = new();
    private SweepJournal? journal;
    private SweepRun? run;
    private WriterConnection? ownConnection;
    private IDisposable? termination;

    /// <summary>The applications whose failed jobs to retry: a comma list in one string (pwsh -File) or an array; * for every one.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] ApplicationId { get; set; } = Array.Empty<string>();

    /// <summary>The retry history shared by every run of the task.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string HistoryPath { get; set; } = string.Empty;

    [Parameter]
    [ValidateRange(1, 100)]
    public int MaxRetriesPerJob { get; set; } = RetryBudget.DefaultMaxRetries;

    /// <summary>The least time between two retries of a job; 0 allowed (runs at once are kept apart by the claim itself).</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: true)]
    public TimeSpan MinRetryInterval { get; set; } = RetryBudget.DefaultMinInterval;

    /// <summary>How long the history remembers a job after its last retry.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: false)]
    public TimeSpan? HistoryRetention { get; set; }

    /// <summary>Cost control: the most retries this run sends; the jobs after it are LimitReached, left for a later run.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxRetryCount { get; set; }

    /// <summary>Cost control: only jobs that failed (were last updated) within this long; older ones are TooOld.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: false)]
    public TimeSpan? FailedWithin { get; set; }

    /// <summary>Wait for the retried jobs to finish, at most -Timeout in all; a retry is fine only once it completed.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A file the log lines are appended to as they happen (Task Scheduler keeps no output).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    /// <summary>A report of every job's record, written at the end, also when the run stopped: .json for JSON, else CSV.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReportPath { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = BySecretSet)]
    [ValidateNotNullOrEmpty]
    public string? SecretName { get; set; }

    [Parameter(ParameterSetName = BySecretSet)]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByCredentialSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = PipelineRunnerOptions.DefaultThrottleLimit;

    // Everything waits for the end of the input: application IDs may be piped in.
    protected override void BeginProcessing()
    {
    }

    protected override void ProcessRecord() => given.AddRange(ApplicationId);

    protected override void EndProcessing()
    {
        var applications = SweepApplications.Parse(given);
        var what = $"Retrying the failed jobs of {string.Join(", ", applications)} within the retry budget in {HistoryPath}";
        var preview = false;
        if (!ShouldProcess(what, what + "?", "Confirm", out var reason) && !(preview = reason == ShouldProcessReason.WhatIf))
        {
            return;
        }

        termination = TerminationSignal.OnTerminate(StopProcessing);
        journal = SweepJournal.Open(this, preview ? null : LogPath, Wait, out var logProblem);
        string? reportProblem = null;
        var report = preview ? null : ReportFile(out reportProblem);
        run = new SweepRun(journal, Settings(preview, report), Cancellation);
        journal.Event($"sweep started: applications={string.Join(",", applications)} history={HistoryPath} whatif={preview}");
        if (logProblem is not null)
        {
            run.Stop(new ErrorRecord(new InvalidOperationException(logProblem), "WriterSweepLogUnusable", ErrorCategory.WriteError, LogPath));
        }
        else if (reportProblem is not null)
        {
            // Found before anything is sent, rather than after a run whose report would be lost.
            run.Stop(new ErrorRecord(new InvalidOperationException(reportProblem), "WriterSweepReportUnwritable", ErrorCategory.WriteError, ReportPath));
        }
        else if (Connect(preview) is { } history)
        {
            run.Sweep(Connection, history, applications);
        }

        run.Finish();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Ctrl+C or a terminating error skipped EndProcessing's end: the files get what is known.
            journal?.StopStreaming();
            run?.Finish("the command ended before the sweep did (stopped, or a terminating error)");
            termination?.Dispose();
            StopProcessing();
            run?.Dispose();
            ownConnection?.Dispose();
            journal?.Dispose();
        }

        base.Dispose(disposing);
    }

    private SweepSettings Settings(bool preview, string? report) => new()
    {
        ThrottleLimit = ThrottleLimit,
        Debug = DebugWanted,
        Preview = preview,
        Wait = Wait,
        Timeout = Timeout,
        MaxRetryCount = MaxRetryCount,
        FailedWithin = FailedWithin,
        ReportPath = report,
    };

    // The report's file-system path, checked to have a folder; null with the problem when it cannot be written.
    private string? ReportFile(out string? problem)
    {
        problem = null;
        if (ReportPath is null)
        {
            return null;
        }

        try
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReportPath, out var provider, out _);
            problem = provider.Name != "FileSystem" ? $"The report {ReportPath} is not a file-system path."
                : Directory.Exists(path) || !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))) ? $"The report {ReportPath} is a folder, or its folder does not exist." : null;
            return problem is null ? path : null;
        }
        catch (Exception unresolvable) when (unresolvable is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            problem = $"The report {ReportPath} cannot be written: {unresolvable.Message}";
            return null;
        }
    }

    /// <summary>The key, the connection and the history; null, the run stopped with the reason, when one cannot be had.</summary>
    private RetryHistory? Connect(bool preview)
    {
        if (!ApiKeySource.TryResolve(this, null, Credential, SecretName, Vault, out var key, out var keyProblem))
        {
            run!.Stop(keyProblem!);
            return null;
        }

        try
        {
            Connection = key is null ? ConnectionStore.Current() : ownConnection = ConnectionStore.WithKey(key);
            var budget = new RetryBudget(MaxRetriesPerJob, MinRetryInterval, HistoryRetention);
            // -WhatIf reads the budgets and writes no file, not even the lock.
            return RetryHistory.OpenAsync(HistoryPathParameter.FileSystemPath(this, HistoryPath), budget, readOnly: preview, Cancellation).GetAwaiter().GetResult();
        }
        catch (WriterApiException unusable)
        {
            run!.Stop(ErrorMapping.ToErrorRecord(unusable, unusable.Kind is WriterErrorKind.RetryHistoryInvalid or WriterErrorKind.RetryHistoryBusy ? HistoryPath : null));
            return null;
        }
        catch (ArgumentException invalid)
        {
            // The budget's own rules, such as a retention shorter than the interval.
            run!.Stop(new ErrorRecord(invalid, "WriterInvalidArgument", ErrorCategory.InvalidArgument, null));
            return null;
        }
    }
}
