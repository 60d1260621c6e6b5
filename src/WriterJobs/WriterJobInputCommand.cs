using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace WriterJobs;

/// <summary>
/// A command that takes jobs by ID or as job objects: the two parameter sets of Invoke-WriterJobRetry and Wait-WriterJob.
/// The job-object set is the default one and -InputObject has no position: PowerShell tries the default set's pipeline
/// parameters first, so a piped job binds to -InputObject (its status is known) instead of -Id by its Id property (which
/// reads it again); an ID given by position still binds to -Id.
/// </summary>
public abstract class WriterJobInputCommand<TInput, TResult> : WriterPipelineCommand<TInput, TResult>
{
    protected const string ByIdSet = "ById";
    protected const string ByInputObjectSet = "ByInputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("JobId")]
    public WriterJobIdArgument[] Id { get; set; } = Array.Empty<WriterJobIdArgument>();

    /// <summary>Jobs from Get-WriterJob or Start-WriterJob.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    public WriterJob[] InputObject { get; set; } = Array.Empty<WriterJob>();

    /// <summary>This record's jobs: each ID, with the job object it came as, if any.</summary>
    protected IEnumerable<(Guid Id, WriterJob? Known)> JobInputs() =>
        ParameterSetName == ByInputObjectSet
            ? InputObject.Select(job => (job.Id, (WriterJob?)job))
            : ValidJobIds(Id).Select(id => (id, (WriterJob?)null));
}
