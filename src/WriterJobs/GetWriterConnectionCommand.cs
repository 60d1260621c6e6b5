using System;
using System.Management.Automation;
using WriterJobs.Connection;
using WriterJobs.Output;
using WriterJobs.Session;

namespace WriterJobs;

/// <summary>Get-WriterConnection: shows the settings commands will use, never the key; whether a key is set, even when none is.</summary>
[Cmdlet(VerbsCommon.Get, "WriterConnection")]
[OutputType(typeof(WriterConnectionInfo))]
public sealed class GetWriterConnectionCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            // Without Connect-Writer, the settings the WRITER_* variables give, read but not opened: a missing key is
            // then ApiKeySet False rather than an error.
            WriteObject(ConnectionStore.Connected() is { } connected
                ? new WriterConnectionInfo(connected.Settings, WriterConnectionInfo.ConnectWriterSource)
                : new WriterConnectionInfo(WriterConnectionSettings.FromEnvironment(Environment.GetEnvironmentVariable), WriterConnectionInfo.EnvironmentSource));
        }
        catch (WriterApiException error)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(error, null));
        }
    }
}
