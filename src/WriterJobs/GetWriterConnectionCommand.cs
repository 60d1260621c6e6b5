using System.Management.Automation;

namespace WriterJobs;

/// <summary>Get-WriterConnection: shows the connection commands will use, never the key.</summary>
[Cmdlet(VerbsCommon.Get, "WriterConnection")]
[OutputType(typeof(WriterConnectionInfo))]
public sealed class GetWriterConnectionCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            var connected = ConnectionStore.Connected();
            var connection = connected ?? ConnectionStore.Current();
            WriteObject(new WriterConnectionInfo(connection.Settings,
                connected is null ? WriterConnectionInfo.EnvironmentSource : WriterConnectionInfo.ConnectWriterSource));
        }
        catch (WriterApiException error)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(error, null));
        }
    }
}
