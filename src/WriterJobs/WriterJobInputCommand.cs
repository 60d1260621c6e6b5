using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using WriterJobs.Binding;
using WriterJobs.Output;
using WriterJobs.Waiting;

namespace WriterJobs;

/// <summary>
/// A command that takes jobs by ID or as job objects: the two parameter sets of Invoke-WriterJobRetry and Wait-WriterJob.
/// The job-object set is the default one and -InputObject has no position: PowerShell tries the default set's pipeline
/// parameters first, so a piped job binds to -InputObject (its status is known) instead of -Id by its Id property (which
/// reads it again); an ID given by position still binds to -Id.
/// </summary>
public abstract class WriterJobInputCommand<TInput, TResult> : WriterPipelineCommand<TInput, TResult>
{
    private string?[] ids = Array.Empty<string?>();

    protected const string ByIdSet = "ById";
    protected const string ByInputObjectSet = "ByInputObject";

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

    /// <summary>This record's jobs: each ID, with the job object it came as, if any.</summary>
    protected IEnumerable<WriterJobRequest> JobInputs() =>
        ParameterSetName == ByInputObjectSet
            ? InputObject.Select(job => new WriterJobRequest(job.Id, job))
            : ValidJobIds(Id).Select(id => new WriterJobRequest(id));

    /// <summary>A waiter for the jobs this command was given, reading at most -ThrottleLimit of them at once.</summary>
    protected WriterJobWaiter CreateWaiter(TimeSpan? timeout, TimeSpan? pollInterval) =>
        new(Client, Runner.Log, new WriterJobWaitOptions(timeout, pollInterval, maxInFlight: ThrottleLimit));

    /// <summary>Runs a wait round by round on the pipeline thread, with progress, until it is over; false when Ctrl+C ended it.</summary>
    protected bool RunToEnd(WriterJobWait wait, string activity)
    {
        var progress = new ProgressReporter(this, 2, activity);
        try
        {
            while (!wait.IsOver)
            {
                progress.Report($"{wait.Done} of {wait.Total} job(s) done", wait.Total == 0 ? 100 : wait.Done * 100 / wait.Total);
                Runner.WaitFor(NextRoundAsync(wait));
            }

            return true;
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            return false;
        }
        catch (WriterApiException stopping)
        {
            // Only errors that stop the command escape a round (a refused key); this one ends it.
            WriteWriterError(stopping, null);
            return false;
        }
        finally
        {
            progress.Complete();
        }
    }

    // WaitFor takes a Task<T>; a round yields nothing.
    private async Task<bool> NextRoundAsync(WriterJobWait wait)
    {
        await wait.NextRoundAsync(Cancellation).ConfigureAwait(false);
        return true;
    }
}
