using System;
using System.Management.Automation;
using System.Threading;
using WriterJobs.Binding;
using WriterJobs.Retry.History;

namespace WriterJobs;

/// <summary>Get-WriterJobRetryBudget: each job's retries so far in a retry history, and what its budget leaves. Reads
/// only: no lock, no file written, no connection needed.</summary>
[Cmdlet(VerbsCommon.Get, "WriterJobRetryBudget", HelpUri = HelpLinks.Pages + "Get-WriterJobRetryBudget.md")]
[OutputType(typeof(WriterJobRetryBudget))]
public sealed class GetWriterJobRetryBudgetCommand : PSCmdlet
{
    private RetryHistory history = null!;
    private bool anyId;

    /// <summary>The retry history, as given to Invoke-WriterJobRetry -HistoryPath.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string HistoryPath { get; set; } = string.Empty;

    /// <summary>Only these jobs (a job the history does not know shows its whole budget); every job when not given.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("JobId")]
    [AllowEmptyString]
    [AllowNull]
    [JobIdTransformation]
    public string?[]? Id { get; set; }

    /// <summary>The budget the runs use, to show what is left.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int MaxRetriesPerJob { get; set; } = RetryBudget.DefaultMaxRetries;

    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: true)]
    public TimeSpan MinRetryInterval { get; set; } = RetryBudget.DefaultMinInterval;

    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: false)]
    public TimeSpan? HistoryRetention { get; set; }

    protected override void BeginProcessing() =>
        history = HistoryPathParameter.Open(this, HistoryPath, () => new RetryBudget(MaxRetriesPerJob, MinRetryInterval, HistoryRetention), readOnly: true, CancellationToken.None);

    protected override void ProcessRecord()
    {
        if (Id is null)
        {
            return;
        }

        anyId = true;
        foreach (var id in JobIdArguments.Valid(this, Id))
        {
            WriteObject(history.BudgetOf(id));
        }
    }

    protected override void EndProcessing()
    {
        if (!anyId)
        {
            WriteObject(history.AllBudgets(), enumerateCollection: true);
        }
    }
}
