using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs;

/// <summary>Start-WriterJob: creates an async job of an application (POST /v1/applications/{id}/jobs) and writes it.</summary>
[Cmdlet(VerbsLifecycle.Start, "WriterJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(WriterJob))]
public sealed class StartWriterJobCommand : WriterPipelineCommand<StartWriterJobCommand.CreateItem, WriterJob>
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>The job's inputs: each key an input name, each value a string or an array of strings.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Inputs")]
    public Hashtable Input { get; set; } = new();

    protected override void ProcessRecord()
    {
        IReadOnlyList<WriterJobInput> inputs;
        try
        {
            inputs = WriterJobInputs.FromDictionary(Input, value => value is PSObject wrapped ? wrapped.BaseObject : value);
        }
        catch (WriterApiException invalid)
        {
            WriteWriterError(invalid, Input);
            return;
        }

        var names = string.Join(", ", inputs.Select(i => i.Id));
        if (ShouldProcess($"Writer application {ApplicationId}", $"Start a job with inputs {names}"))
        {
            Submit(new CreateItem(ApplicationId, inputs));
        }
    }

    protected override async Task<WriterJob> RunAsync(CreateItem input, CancellationToken cancellationToken)
    {
        var accepted = await Client.CreateJobAsync(input.ApplicationId, input.Inputs, cancellationToken).ConfigureAwait(false);
        return accepted.ToJob(input.ApplicationId, DateTimeOffset.UtcNow);
    }

    public override void OnError(CreateItem input, Exception error) => WriteWriterError(error, input.ApplicationId);

    /// <summary>One job to create, its inputs already checked on the pipeline thread.</summary>
    public sealed class CreateItem
    {
        public CreateItem(string applicationId, IReadOnlyList<WriterJobInput> inputs)
        {
            ApplicationId = applicationId;
            Inputs = inputs;
        }

        public string ApplicationId { get; }

        public IReadOnlyList<WriterJobInput> Inputs { get; }

        public override string ToString() => ApplicationId;
    }
}
