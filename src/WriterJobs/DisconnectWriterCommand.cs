using System.Management.Automation;
using WriterJobs.Connection;
using WriterJobs.Output;
using WriterJobs.Session;

namespace WriterJobs;

/// <summary>Disconnect-Writer: forgets the session's connection; later commands use the WRITER_* variables again.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Writer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Pages + "Disconnect-Writer.md")]
[OutputType(typeof(void))]
public sealed class DisconnectWriterCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        if (ConnectionStore.Connected() is not { } connected)
        {
            this.WriteVerboseLine("There was no connection from Connect-Writer.");
            return;
        }

        if (ShouldProcess($"Writer API at {WriterConnectionSettings.Shown(connected.BaseUri)}", "Disconnect"))
        {
            ConnectionStore.Set(null);
            this.WriteVerboseLine("Disconnected.");
        }
    }
}
