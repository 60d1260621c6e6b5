using System.Management.Automation;
using WriterJobs.Output;
using WriterJobs.Session;

namespace WriterJobs;

/// <summary>Disconnect-Writer: forgets the session's connection; later commands use the WRITER_* variables again.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Writer")]
[OutputType(typeof(void))]
public sealed class DisconnectWriterCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var had = ConnectionStore.Connected() is not null;
        ConnectionStore.Set(null);
        this.WriteVerboseLine(had ? "Disconnected." : "There was no connection from Connect-Writer.");
    }
}
