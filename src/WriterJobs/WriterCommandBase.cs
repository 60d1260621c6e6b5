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

    protected WriterConnection Connection { get; private set; } = null!;

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
    protected IEnumerable<Guid> ValidJobIds(IEnumerable<string?> values)
    {
        foreach (var value in values)
        {
            if (Guid.TryParse(value, out var id))
            {
                yield return id;
                continue;
            }

            WriteError(new ErrorRecord(
                new ArgumentException($"-Id '{value}' is not a job ID: a job ID is a GUID such as 0b8e6a1c-6f4a-4f3e-9d2b-7c1a5e9f3d20."),
                "WriterJobIdInvalid",
                ErrorCategory.InvalidArgument,
                value));
        }
    }

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
