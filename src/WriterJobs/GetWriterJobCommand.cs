using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Binding;
using WriterJobs.Listing;
using WriterJobs.Output;

namespace WriterJobs;

/// <summary>Get-WriterJob: reads jobs by ID, or lists an application's jobs page by page.</summary>
[Cmdlet(VerbsCommon.Get, "WriterJob", DefaultParameterSetName = ByIdSet, SupportsPaging = true, HelpUri = HelpLinks.Pages + "Get-WriterJob.md")]
[OutputType(typeof(WriterJob))]
public sealed class GetWriterJobCommand : WriterPipelineCommand<Guid, WriterJob>
{
    private const string ByIdSet = "ById";
    private const string ByApplicationSet = "ByApplication";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("JobId")]
    [AllowEmptyString]
    [AllowNull]
    [JobIdTransformation]
    public string?[] Id { get; set; } = Array.Empty<string>();

    /// <summary>
    /// List this application's jobs (GET /v1/applications/{id}/jobs), every page, written as pages arrive; with -Status,
    /// written after the last page, so retrying them downstream cannot shift later pages (JobListQuery.ReadsAllPagesFirst).
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ByApplicationSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApplicationIdCompleter))]
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>
    /// Only jobs with this status; the server filters. A string, not the enum: PowerShell would offer the enum's every
    /// name (unknown too) in completion and in its conversion error, though the API filters by these three only.
    /// </summary>
    [Parameter(ParameterSetName = ByApplicationSet)]
    [ValidateSet(nameof(WriterJobStatus.in_progress), nameof(WriterJobStatus.failed), nameof(WriterJobStatus.completed))]
    public string? Status { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ParameterSetName == ByIdSet)
        {
            TrackProgress(1, "Reading Writer jobs", "job(s) read");
        }

        if (ParameterSetName == ByIdSet && (PagingParameters.First != ulong.MaxValue || PagingParameters.Skip != 0 || PagingParameters.IncludeTotalCount))
        {
            this.WriteWarningLine("-First, -Skip and -IncludeTotalCount apply to -ApplicationId listings; with -Id every job given is read.");
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByApplicationSet)
        {
            List();
            return;
        }

        ExpectInputs(Id.Length);
        foreach (var id in ValidJobIds(Id))
        {
            Submit(id);
        }
    }

    protected override Task<WriterJob> RunAsync(Guid input, CancellationToken cancellationToken) =>
        Client.GetJobAsync(input, cancellationToken);

    public override void OnResult(Guid input, WriterJob result)
    {
        WriteJob(result);
        ReportItemProgress();
    }

    public override void OnError(Guid input, Exception exception)
    {
        base.OnError(input, exception);
        ReportItemProgress();
    }

    // PowerShell's own paging total: the count as a UInt64 with an Accuracy note and a ToString of "Total count: N" (or
    // "Unknown total count" when the server gave none), as every command with SupportsPaging writes it.
    private void WriteTotalCount(long? total) => WriteObject(PagingParameters.NewTotalCount((ulong)(total ?? 0), total is null ? 0.0 : 1.0));

    private void List()
    {
        var paging = PagingParameters;
        var progress = new ProgressReporter(this, 1, $"Listing jobs of application {ApplicationId}");
        try
        {
            var reader = new JobListReader(Client, new JobListQuery(
                ApplicationId,
                Status is null ? null : (WriterJobStatus)Enum.Parse(typeof(WriterJobStatus), Status, ignoreCase: true),
                skip: (long)Math.Min(paging.Skip, long.MaxValue),
                first: paging.First == ulong.MaxValue ? null : (long)Math.Min(paging.First, long.MaxValue)));
            var countWritten = !paging.IncludeTotalCount;
            while (Runner.WaitFor(reader.NextPageAsync(Cancellation)) is { } jobs)
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
                WriteTotalCount(Runner.WaitFor(reader.CountAsync(Cancellation)));
            }
        }
        catch (WriterApiException error)
        {
            WriteWriterError(error, ApplicationId);
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
