using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace WriterJobs.Binding;

/// <summary>The job IDs among the values given to -Id; each value that is not one gets its own error, and the rest go on.</summary>
internal static class JobIdArguments
{
    /// <summary>The parameter sets of a command that takes jobs by ID (-Id) or as job objects (-InputObject).</summary>
    public const string ByIdSet = "ById";
    public const string ByInputObjectSet = "ByInputObject";

    /// <summary>A record's jobs: each piped job object, with what is known of it, or each valid ID given to -Id.</summary>
    public static IEnumerable<WriterJobRequest> Requests(PSCmdlet command, IReadOnlyList<WriterJob>? jobs, IEnumerable<string?> ids) =>
        jobs is not null ? jobs.Select(job => new WriterJobRequest(job.Id, job)) : Valid(command, ids).Select(id => new WriterJobRequest(id));

    /// <remarks>
    /// -Id is a string array, checked here rather than at binding, so that a bad line of a file is one item's error
    /// instead of a binding error that ends the command before any job is read.
    /// </remarks>
    public static IEnumerable<Guid> Valid(PSCmdlet command, IEnumerable<string?> values)
    {
        foreach (var value in values)
        {
            if (Guid.TryParse(value, out var id))
            {
                yield return id;
                continue;
            }

            command.WriteError(new ErrorRecord(
                new ArgumentException($"-Id '{value}' is not a job ID: a job ID is a GUID such as 0b8e6a1c-6f4a-4f3e-9d2b-7c1a5e9f3d20."),
                "WriterJobIdInvalid",
                ErrorCategory.InvalidArgument,
                value));
        }
    }
}
