using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Binding;
using static WriterJobs.Binding.JobIdArguments;
using WriterJobs.Http;
using WriterJobs.Pipeline;
using WriterJobs.Retry;
using WriterJobs.Running;
using WriterJobs.Waiting;

namespace WriterJobs;

/// <summary>
/// Wait-WriterJob: like Wait-Job, waits until the jobs leave in_progress (or, with -Any, one does) and writes them.
/// Each job ID is read as it arrives (up to -ThrottleLimit at once), a piped job object only when its status is older than
/// <see cref="WriterJobRetrier.DefaultMaxStatusAge"/>; the wait starts once the input ends. The job-object set is the
/// default one and -InputObject has no position: PowerShell tries the default set's pipeline parameters first, so a
/// piped job binds to -InputObject (its status is known) instead of -Id by its Id property (which reads it again); an
/// ID given by position still binds to -Id.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "WriterJob", DefaultParameterSetName = ByInputObjectSet, HelpUri = HelpLinks.Pages + "Wait-WriterJob.md")]
[OutputType(typeof(WriterJob))]
public sealed class WaitWriterJobCommand : WriterCommandBase
{
    private readonly HashSet<Guid> seen = new();
    private readonly List<WriterJob> read = new();
    private string?[] ids = Array.Empty<string?>();
    private ItemPipeline<WriterJobRequest, WriterJob> items = null!;

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

    /// <summary>How long to wait in all; without it, until every job is done. A timeout never cancels a job.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: true)]
    public TimeSpan? Timeout { get; set; }

    /// <summary>The first pause between polls; later pauses grow to 30 seconds (or to this value, if longer).</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: false)]
    public TimeSpan? PollInterval { get; set; }

    /// <summary>Return as soon as any one job leaves in_progress, and write that job.</summary>
    [Parameter]
    public SwitchParameter Any { get; set; }

    /// <summary>The most requests in flight at once; 1 runs them one after another.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = PipelineRunnerOptions.DefaultThrottleLimit;

    /// <summary>Write each result as soon as it finishes instead of in input order.</summary>
    [Parameter]
    public SwitchParameter Unordered { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        items = StartItems<WriterJobRequest, WriterJob>(
            new PipelineRunnerOptions(ThrottleLimit, !Unordered), (client, _) => (input, ct) => ReadAsync(client, input, ct), (_, job) => read.Add(job), (input, error) => WriteWriterError(error, input.Id));
    }

    protected override void ProcessRecord()
    {
        foreach (var input in JobIdArguments.Requests(this, ParameterSetName == ByInputObjectSet ? InputObject : null, Id).Where(input => seen.Add(input.Id)))
        {
            items.Submit(input);
        }
    }

    protected override void EndProcessing()
    {
        items.Complete();
        var wait = new WriterJobWaiter(items.Client, items.Log, new WriterJobWaitOptions(Timeout, PollInterval, maxInFlight: ThrottleLimit)).Start(read, Any);
        if (!WaitRounds.RunToEnd(this, items, wait, "Waiting for Writer jobs"))
        {
            return;
        }

        foreach (var failure in wait.Failures)
        {
            WriteWriterError(failure.Error, failure.Id);
        }

        // As Wait-Job -Any: the first job to finish, or nothing when none did before the timeout.
        foreach (var job in Any ? wait.Finished.Take(1) : wait.Jobs)
        {
            WriteJob(job);
        }
    }

    // A job just read upstream is trusted as it is: reading it again would only double the requests.
    private static Task<WriterJob> ReadAsync(WriterJobsClient client, WriterJobRequest input, CancellationToken cancellationToken) =>
        input.Known is { } known && DateTimeOffset.UtcNow - known.RetrievedAt <= WriterJobRetrier.DefaultMaxStatusAge
            ? Task.FromResult(known)
            : client.GetJobAsync(input.Id, cancellationToken);
}
