using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using WriterJobs.Binding;
using WriterJobs.Connection;
using WriterJobs.Output;
using WriterJobs.Session;

namespace WriterJobs;

/// <summary>Connect-Writer: sets the connection every WriterJobs command of this session uses.</summary>
[Cmdlet(VerbsCommunications.Connect, "Writer", DefaultParameterSetName = ByApiKeySet)]
[OutputType(typeof(WriterConnectionInfo))]
public sealed class ConnectWriterCommand : PSCmdlet
{
    private const string ByApiKeySet = "ByApiKey";
    private const string BySecretSet = "BySecret";
    private const string ByCredentialSet = "ByCredential";

    /// <summary>The API key, also piped (Get-Secret WriterApiKey | Connect-Writer); without any key, WRITER_API_KEY is used.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = ByApiKeySet)]
    public SecureString? ApiKey { get; set; }

    /// <summary>The SecretManagement secret that holds the key, read with Get-Secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = BySecretSet)]
    [ValidateNotNullOrEmpty]
    public string? SecretName { get; set; }

    /// <summary>The vault of -SecretName; without it, Get-Secret looks in every registered vault.</summary>
    [Parameter(ParameterSetName = BySecretSet)]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    /// <summary>A credential whose password is the key (the user name is not used), also piped.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByCredentialSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The API's base URI; without it, WRITER_BASE_URL, else https://api.writer.com.</summary>
    [Parameter]
    [Alias("BaseUrl")]
    public Uri? BaseUri { get; set; }

    /// <summary>How long one attempt may take.</summary>
    [Parameter]
    [SecondsToTimeSpan]
    [ValidateTimeSpan(zeroAllowed: false)]
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>How many times a transient failure is retried.</summary>
    [Parameter]
    [ValidateRange(0, WriterConnectionSettings.MaxRetriesLimit)]
    public int? MaxRetries { get; set; }

    /// <summary>The request rate shared by every command of the session.</summary>
    [Parameter]
    [ValidateRange(1, WriterConnectionSettings.RequestsPerMinuteLimit)]
    public double? RequestsPerMinute { get; set; }

    /// <summary>A proxy to use instead of the system's settings.</summary>
    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Write the connection's description.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        if (BaseUri is not null && WriterConnectionSettings.BaseUriProblem(BaseUri) is { } problem)
        {
            ThrowInvalidArgument($"-BaseUri '{WriterConnectionSettings.Shown(BaseUri)}' {problem}", "WriterBaseUriInvalid", WriterConnectionSettings.Shown(BaseUri));
        }

        if (ProxyCredential is not null && Proxy is null)
        {
            ThrowInvalidArgument(
                $"-ProxyCredential '{ProxyCredential.UserName}' was given without -Proxy: the system's proxy settings take no credential from here. Give -Proxy too, or leave both out.",
                "WriterProxyCredentialWithoutProxy",
                ProxyCredential.UserName);
        }

        if (!ApiKeySource.TryResolve(this, ApiKey, Credential, SecretName, Vault, out var key, out var unavailable))
        {
            ThrowTerminatingError(unavailable!);
        }

        try
        {
            var settings = WriterConnectionSettings.FromEnvironment(Environment.GetEnvironmentVariable);
            settings.ApiKey = key ?? settings.ApiKey;
            settings.BaseUri = BaseUri ?? settings.BaseUri;
            settings.RequestTimeout = RequestTimeout ?? settings.RequestTimeout;
            settings.MaxRetries = MaxRetries ?? settings.MaxRetries;
            settings.RequestsPerMinute = RequestsPerMinute ?? settings.RequestsPerMinute;
            if (Proxy is not null)
            {
                settings.Proxy = new WebProxy(Proxy) { Credentials = ProxyCredential?.GetNetworkCredential() };
            }

            var connection = WriterConnection.Open(settings);
            ConnectionStore.Set(connection);
            this.WriteVerboseLine($"Connected: {connection}.");
            if (PassThru)
            {
                WriteObject(new WriterConnectionInfo(connection.Settings, WriterConnectionInfo.ConnectWriterSource));
            }
        }
        catch (WriterApiException error)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(error, BaseUri is null ? null : WriterConnectionSettings.Shown(BaseUri)));
        }
    }

    private void ThrowInvalidArgument(string message, string errorId, object target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
}
