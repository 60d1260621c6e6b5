using System;
using System.Collections.Generic;
using System.Management.Automation;
using WriterJobs.Applications;
using WriterJobs.Binding;
using WriterJobs.Listing;
using WriterJobs.Output;
using WriterJobs.Pipeline;
using WriterJobs.Running;

namespace WriterJobs;

/// <summary>Get-WriterJob: reads jobs by ID, or lists the jobs of an application (given by ID or name, or piped) page by page.</summary>
[Cmdlet(VerbsCommon.Get, "WriterJob", DefaultParameterSetName = ByIdSet, SupportsPaging = true, HelpUri = HelpLinks.Pages + "Get-WriterJob.md")]
[OutputType(typeof(WriterJob))]
public sealed class GetWriterJobCommand : WriterCommandBase
{
    private string?[] ids = Array.Empty<string?>();
    private ItemPipeline<Guid, WriterJob> items = null!;

    private const string ByIdSet = "ById";
    private const string ByIdPropertySet = "ByIdProperty";
    private const string ByApplicationSet = "ByApplication";
    private const string ByApplicationObjectSet = "ByApplicationObject";

    // The applications this command has listed: one piped twice is listed once, so no job is read twice.
    private readonly HashSet<string> listed = new(StringComparer.Ordinal);
    private bool started;

    /// <summary>
    /// Job IDs. By property name (Id, JobId) only in a set that is not the default: PowerShell tries every binding of
    /// the default set before any other set, and a piped application's Id would bind here as a job ID before
    /// -Application could take the application; so the default set takes IDs by value, and an object's Id or JobId
    /// binds in ByIdProperty, after -Application had its turn.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByIdSet)]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdPropertySet)]
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

    /// <summary>
    /// List this application's jobs (GET /v1/applications/{id}/jobs), every page, written as pages arrive; with -Status,
    /// written after the last page, so retrying them downstream cannot shift later pages (JobListQuery.ReadsAllPagesFirst).
    /// A UUID is the ID; anything else is looked up in the workspace's list, by ID and then by name (ApplicationResolver).
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ByApplicationSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApplicationIdCompleter))]
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>Applications from Get-WriterApplication, by value; each is listed once per command, however often it comes.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByApplicationObjectSet)]
    public WriterApplication[] Application { get; set; } = Array.Empty<WriterApplication>();

    /// <summary>
    /// Only jobs with this status; the server filters. A string, not the enum: PowerShell would offer the enum's every
    /// name (unknown too) in completion and in its conversion error, though the API filters by these three only.
    /// </summary>
    [Parameter(ParameterSetName = ByApplicationSet)]
    [Parameter(ParameterSetName = ByApplicationObjectSet)]
    [ValidateSet(nameof(WriterJobStatus.in_progress), nameof(WriterJobStatus.failed), nameof(WriterJobStatus.completed))]
    public string? Status { get; set; }

    /// <summary>The most requests in flight at once; 1 runs them one after another.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = PipelineRunnerOptions.DefaultThrottleLimit;

    /// <summary>Write each result as soon as it finishes instead of in input order.</summary>
    [Parameter]
    public SwitchParameter Unordered { get; set; }

    private bool ReadsById => ParameterSetName is ByIdSet or ByIdPropertySet;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        items = StartItems<Guid, WriterJob>(new PipelineRunnerOptions(ThrottleLimit, !Unordered), (client, _) => client.GetJobAsync, (_, job) => WriteJob(job));
    }

    protected override void ProcessRecord()
    {
        // Decided at the first input, not in BeginProcessing: only then has a piped object picked the parameter set.
        if (!started)
        {
            started = true;
            if (ReadsById)
            {
                items.Progress = new ItemProgress(this, 1, "Reading Writer jobs", "job(s) read", Connection.Settings.RequestsPerMinute / 60);
            }

            if (ReadsById && (PagingParameters.First != ulong.MaxValue || PagingParameters.Skip != 0 || PagingParameters.IncludeTotalCount))
            {
                this.WriteWarningLine("-First, -Skip and -IncludeTotalCount apply to -ApplicationId listings; with -Id every job given is read.");
            }
        }

        if (ParameterSetName == ByApplicationSet)
        {
            if (ResolveApplicationId() is { } applicationId)
            {
                List(applicationId, ApplicationId);
            }

            return;
        }

        if (ParameterSetName == ByApplicationObjectSet)
        {
            foreach (var application in Application)
            {
                if (listed.Add(application.Id))
                {
                    List(application.Id, application);
                }
                else
                {
                    this.WriteVerboseLine($"The jobs of application '{application.Name}' ({application.Id}) are listed already.");
                }
            }

            return;
        }

        items.Progress?.ExpectInputs(Id.Length);
        foreach (var id in JobIdArguments.Valid(this, Id))
        {
            items.Submit(id);
        }
    }

    protected override void EndProcessing() => items.Complete();

    // PowerShell's own paging total: the count as a UInt64 with an Accuracy note and a ToString of "Total count: N" (or
    // "Unknown total count" when the server gave none), as every command with SupportsPaging writes it.
    private void WriteTotalCount(long? total) => WriteObject(PagingParameters.NewTotalCount((ulong)(total ?? 0), total is null ? 0.0 : 1.0));

    // The ID -ApplicationId stands for (a name is looked up once); null after its error is written.
    private string? ResolveApplicationId()
    {
        try
        {
            return items.WaitFor(new ApplicationResolver(items.Client).ResolveIdAsync(ApplicationId, Cancellation));
        }
        catch (WriterApiException error)
        {
            WriteWriterError(error, ApplicationId);
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
        }

        return null;
    }

    // One application's jobs; an error (the application not found, say) is written with the target given.
    private void List(string applicationId, object target)
    {
        var paging = PagingParameters;
        var progress = new ProgressReporter(this, 1, $"Listing jobs of application {(target is WriterApplication application ? $"'{application.Name}' ({application.Id})" : target)}");
        try
        {
            var reader = new JobListReader(items.Client, new JobListQuery(
                applicationId,
                Status is null ? null : (WriterJobStatus)Enum.Parse(typeof(WriterJobStatus), Status, ignoreCase: true),
                skip: (long)Math.Min(paging.Skip, long.MaxValue),
                first: paging.First == ulong.MaxValue ? null : (long)Math.Min(paging.First, long.MaxValue)));
            var countWritten = !paging.IncludeTotalCount;
            while (items.WaitFor(reader.NextPageAsync(Cancellation)) is { } jobs)
            {
                if (!countWritten)
                {
                    countWritten = true;
                    WriteTotalCount(reader.TotalCount);
                }

                foreach (var job in jobs)
                {
                    WriteJob(job);
                }

                // A page a request: the rate limit allows this many jobs a second.
                progress.ReportCount("job(s) listed", reader.Delivered, reader.Query.Expected(reader.TotalCount), Connection.Settings.RequestsPerMinute / 60 * reader.Query.PageSize);
            }

            // Nothing was listed (-First 0, or no job at all): the total still comes first, as -IncludeTotalCount asks.
            if (!countWritten)
            {
                WriteTotalCount(items.WaitFor(reader.CountAsync(Cancellation)));
            }
        }
        catch (WriterApiException error)
        {
            WriteWriterError(error, target);
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            progress.Complete();
        }
    }
}
