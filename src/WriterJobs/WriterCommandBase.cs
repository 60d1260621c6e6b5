using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using WriterJobs.Binding;
using WriterJobs.Connection;
using WriterJobs.Output;
using WriterJobs.Pipeline;
using WriterJobs.Session;

namespace WriterJobs;

/// <summary>What every WriterJobs command shares: the session's connection, Ctrl+C, and writing engine errors and log lines.</summary>
public abstract class WriterCommandBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource cancellation = new();

    /// <summary>Cancelled by Ctrl+C (StopProcessing).</summary>
    protected CancellationToken Cancellation => cancellation.Token;

    protected WriterConnection Connection { get; set; } = null!;

    protected override void BeginProcessing()
    {
        try
        {
            Connection = ConnectionStore.Current();
        }
        catch (WriterApiException error)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(error, null));
        }

        this.WriteVerboseLine($"Using {Connection}.");
    }

    protected override void StopProcessing() => cancellation.Cancel();

    /// <summary>Whether Debug lines are shown: -Debug, or a $DebugPreference that is not SilentlyContinue or Ignore.</summary>
    /// <remarks>
    /// A $DebugPreference assigned in a child scope is a plain string ('Continue'): only the global variable converts
    /// what is assigned to it, so the value is converted here the way PowerShell converts it.
    /// </remarks>
    protected bool DebugWanted => MyInvocation.BoundParameters.TryGetValue("Debug", out var debug)
        ? ((SwitchParameter)debug).IsPresent
        : LanguagePrimitives.TryConvertTo(GetVariableValue("DebugPreference"), out ActionPreference preference)
            && preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);

    /// <summary>Whether -WhatIf is in force: given, or through $WhatIfPreference (as from a calling function's own -WhatIf).</summary>
    protected bool WhatIfWanted => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
        ? ((SwitchParameter)whatIf).IsPresent
        : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>Writes a job, and remembers its application for -ApplicationId completion.</summary>
    protected void WriteJob(WriterJob job)
    {
        SeenApplications.Add(job.ApplicationId);
        WriteObject(job);
    }

    /// <summary>
    /// The job IDs among the values given to -Id; each value that is not one gets its own error, and the rest go on.
    /// -Id is a string array, checked here rather than at binding, so that a bad line of a file is one item's error
    /// instead of a binding error that ends the command before any job is read.
    /// </summary>
    protected IEnumerable<Guid> ValidJobIds(IEnumerable<string?> values) => JobIdArguments.Valid(this, values);

    /// <summary>Writes an item's error; one that no later request can escape (bad key, refused transport) ends the command.</summary>
    protected void WriteWriterError(Exception error, object? target)
    {
        var record = ErrorMapping.ToErrorRecord(error, target);
        if (ErrorMapping.StopsTheCommand(error))
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    protected void WriteMessage(PipelineMessage message)
    {
        switch (message.Level)
        {
            case PipelineMessageLevel.Warning:
                this.WriteWarningLine(message.Text);
                break;
            case PipelineMessageLevel.Debug:
                WriteDebug(message.Text);
                break;
            default:
                this.WriteVerboseLine(message.Text);
                break;
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            cancellation.Cancel();
            cancellation.Dispose();
        }
    }
}
