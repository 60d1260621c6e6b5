using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace WriterJobs.Binding;

/// <summary>The job IDs among the values given to -Id; each value that is not one gets its own error, and the rest go on.</summary>
internal static class JobIdArguments
{
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
