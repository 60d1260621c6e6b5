using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Binding;
using WriterJobs.Connection;
using WriterJobs.Http;
using WriterJobs.Output;
using WriterJobs.Pipeline;
using WriterJobs.Running;
using WriterJobs.Session;

namespace WriterJobs;

/// <summary>What every WriterJobs command shares: the session's connection, Ctrl+C, and writing engine errors and log lines.</summary>
public abstract class WriterCommandBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource cancellation = new();
    private Action? endItems;

    /// <summary>Cancelled by Ctrl+C (StopProcessing).</summary>
    internal CancellationToken Cancellation => cancellation.Token;

    private protected WriterConnection Connection { get; set; } = null!;

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
    /// The command's item pipeline on the session's connection: its log, its client, its runner, whose work ends with
    /// the command. Results go to <paramref name="writeResult"/>; errors and log lines are written as any command's,
    /// unless the command says otherwise.
    /// </summary>
    private protected ItemPipeline<TInput, TResult> StartItems<TInput, TResult>(
        PipelineRunnerOptions options,
        Func<WriterJobsClient, IWriterLog, Func<TInput, CancellationToken, Task<TResult>>> work,
        Action<TInput, TResult> writeResult,
        Action<TInput, Exception>? writeError = null,
        Action<PipelineMessage>? writeLine = null)
    {
        var pipeline = new ItemPipeline<TInput, TResult>(
            Connection, options, DebugWanted, work, writeResult, writeError ?? ((input, error) => WriteWriterError(error, input)), writeLine ?? WriteMessage, Cancellation);
        endItems = pipeline.Dispose;
        return pipeline;
    }

    /// <summary>Writes an item's error; one that no later request can escape (bad key, refused transport) ends the command.</summary>
    internal void WriteWriterError(Exception error, object? target)
    {
        var record = ErrorMapping.ToErrorRecord(error, target);
        if (ErrorMapping.StopsTheCommand(error))
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    internal void WriteMessage(PipelineMessage message)
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

    // Cancel first, then wait for the work in flight, and only then dispose the token's source.
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            cancellation.Cancel();
            endItems?.Invoke();
            cancellation.Dispose();
        }
    }
}
