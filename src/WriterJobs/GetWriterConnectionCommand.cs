using System;
using System.Management.Automation;
using WriterJobs.Connection;
using WriterJobs.Output;
using WriterJobs.Session;

namespace WriterJobs;

/// <summary>Get-WriterConnection: shows the settings commands will use, never the key; whether a key is set, even when none is.</summary>
[Cmdlet(VerbsCommon.Get, "WriterConnection", HelpUri = HelpLinks.Pages + "Get-WriterConnection.md")]
[OutputType(typeof(WriterConnectionInfo))]
public sealed class GetWriterConnectionCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            if (ConnectionStore.Connected() is { } connected)
            {
                WriteObject(new WriterConnectionInfo(connected.Settings, WriterConnectionInfo.ConnectWriterSource));
                return;
            }

            // Without Connect-Writer, the settings the WRITER_* variables give, read but not opened: a missing key is
            // then ApiKeySet False rather than an error, and any other value a command would refuse is refused here too.
            var settings = WriterConnectionSettings.FromEnvironment(Environment.GetEnvironmentVariable);
            settings.ValidateExceptMissingKey();
            WriteObject(new WriterConnectionInfo(settings, WriterConnectionInfo.EnvironmentSource));
        }
        catch (WriterApiException error)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(error, null));
        }
    }
}
