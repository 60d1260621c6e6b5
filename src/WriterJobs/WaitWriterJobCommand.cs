using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Binding;
using WriterJobs.Retry;

namespace WriterJobs;

/// <summary>
/// Wait-WriterJob: like Wait-Job, waits until the jobs leave in_progress (or, with -Any, one does) and writes them.
/// Each job ID is read as it arrives (up to -ThrottleLimit at once), a piped job object only when its status is older than
/// <see cref="WriterJobRetrier.DefaultMaxStatusAge"/>; the wait starts once the input ends.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "WriterJob", DefaultParameterSetName = ByInputObjectSet, HelpUri = HelpLinks.Pages + "Wait-WriterJob.md")]
[OutputType(typeof(WriterJob))]
public sealed class WaitWriterJobCommand : WriterJobInputCommand<WriterJobRequest, WriterJob>
{
    private readonly HashSet<Guid> seen = new();
    private readonly List<WriterJob> read = new();

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

    protected override void ProcessRecord()
    {
        foreach (var input in JobInputs().Where(input => seen.Add(input.Id)))
        {
            Submit(input);
        }
    }

    // A job just read upstream is trusted as it is: reading it again would only double the requests.
    protected override Task<WriterJob> RunAsync(WriterJobRequest input, CancellationToken cancellationToken) =>
        input.Known is { } known && DateTimeOffset.UtcNow - known.RetrievedAt <= WriterJobRetrier.DefaultMaxStatusAge
            ? Task.FromResult(known)
            : Client.GetJobAsync(input.Id, cancellationToken);

    public override void OnResult(WriterJobRequest input, WriterJob result) => read.Add(result);

    public override void OnError(WriterJobRequest input, Exception exception) => WriteWriterError(exception, input.Id);

    protected override void EndProcessing()
    {
        base.EndProcessing();
        var wait = CreateWaiter(Timeout, PollInterval).Start(read, Any);
        if (!RunToEnd(wait, "Waiting for Writer jobs"))
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
}
