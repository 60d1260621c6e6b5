using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace WriterJobs;

/// <summary>A command that takes jobs by ID or as job objects: the two parameter sets of Invoke-WriterJobRetry and Wait-WriterJob.</summary>
public abstract class WriterJobInputCommand<TInput, TResult> : WriterPipelineCommand<TInput, TResult>
{
    protected const string ByIdSet = "ById";
    protected const string ByInputObjectSet = "ByInputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("JobId")]
    public Guid[] Id { get; set; } = Array.Empty<Guid>();

    /// <summary>Jobs from Get-WriterJob or Start-WriterJob.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    public WriterJob[] InputObject { get; set; } = Array.Empty<WriterJob>();

    /// <summary>This record's jobs: each ID, with the job object it came as, if any.</summary>
    protected IEnumerable<(Guid Id, WriterJob? Known)> JobInputs() =>
        ParameterSetName == ByInputObjectSet
            ? InputObject.Select(job => (job.Id, (WriterJob?)job))
            : Id.Select(id => (id, (WriterJob?)null));
}
