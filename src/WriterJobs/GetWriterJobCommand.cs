using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs;

/// <summary>Get-WriterJob: reads jobs by ID.</summary>
[Cmdlet(VerbsCommon.Get, "WriterJob", DefaultParameterSetName = ByIdSet)]
[OutputType(typeof(WriterJob))]
public sealed class GetWriterJobCommand : WriterPipelineCommand<Guid, WriterJob>
{
    private const string ByIdSet = "ById";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("JobId")]
    public Guid[] Id { get; set; } = Array.Empty<Guid>();

    protected override void ProcessRecord()
    {
        foreach (var id in Id)
        {
            Submit(id);
        }
    }

    protected override Task<WriterJob> RunAsync(Guid input, CancellationToken cancellationToken) =>
        Client.GetJobAsync(input, cancellationToken);
}
