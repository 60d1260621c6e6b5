using System;
using System.Management.Automation;
using System.Security;
using WriterJobs.Binding;
using WriterJobs.Connection;
using WriterJobs.Output;
using WriterJobs.Session;

namespace WriterJobs;

/// <summary>Connect-Writer: sets the connection every WriterJobs command of this session uses.</summary>
/// <remarks>A state change of the session, so -WhatIf and -Confirm (or $WhatIfPreference) check the settings and change nothing.</remarks>
[Cmdlet(VerbsCommunications.Connect, "Writer", DefaultParameterSetName = ByApiKeySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Pages + "Connect-Writer.md")]
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
    [ValidateTimeSpan(zeroAllowed: false, MaxSeconds = WriterConnectionSettings.RequestTimeoutLimitSeconds)]
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>How many times a transient failure is retried.</summary>
    [Parameter]
    [ValidateRange(0, WriterConnectionSettings.MaxRetriesLimit)]
    public int? MaxRetries { get; set; }

    /// <summary>The request rate shared by every command of the session.</summary>
    [Parameter]
    [ValidateRange(1, WriterConnectionSettings.RequestsPerMinuteLimit)]
    public double? RequestsPerMinute { get; set; }

    /// <summary>A proxy to use instead of the system's settings; a user name and password in it are its credential.</summary>
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
            ThrowInvalidArgument($"-BaseUri '{WriterConnectionSettings.Shown(BaseUri)}' {problem}", ErrorMapping.For(WriterErrorKind.BaseUriInvalid).ErrorId, WriterConnectionSettings.Shown(BaseUri));
        }

        if (ProxyCredential is not null && Proxy is null)
        {
            ThrowInvalidArgument(
                $"-ProxyCredential '{ProxyCredential.UserName}' was given without -Proxy: the system's proxy settings take no credential from here. Give -Proxy too, or leave both out.",
                "WriterProxyCredentialWithoutProxy",
                ProxyCredential.UserName);
        }

        if (Proxy is { IsAbsoluteUri: true, UserInfo.Length: > 0 } && ProxyCredential is not null)
        {
            ThrowInvalidArgument(
                $"-Proxy '{WriterConnectionSettings.Shown(Proxy)}' has a user name and password in it, and -ProxyCredential '{ProxyCredential.UserName}' was given too. Give the proxy's login once: with -ProxyCredential, which keeps the password out of the command line and its history.",
                "WriterProxyCredentialTwice",
                WriterConnectionSettings.Shown(Proxy));
        }

        if (!ApiKeySource.TryResolve(this, ApiKey, Credential, SecretName, Vault, out var key, out var unavailable))
        {
            ThrowTerminatingError(unavailable!);
        }

        try
        {
            // A variable that a parameter overrides is not read, so its value cannot refuse the connection.
            var settings = WriterConnectionSettings.FromEnvironment(name => Given(name) ? null : Environment.GetEnvironmentVariable(name));
            settings.ApiKey = key ?? settings.ApiKey;
            settings.BaseUri = BaseUri ?? settings.BaseUri;
            settings.RequestTimeout = RequestTimeout ?? settings.RequestTimeout;
            settings.MaxRetries = MaxRetries ?? settings.MaxRetries;
            settings.RequestsPerMinute = RequestsPerMinute ?? settings.RequestsPerMinute;
            if (Proxy is not null)
            {
                // A login in -Proxy becomes its credential, and the address shown keeps no password.
                settings.Proxy = WriterConnectionSettings.CreateProxy(Proxy, ProxyCredential?.GetNetworkCredential());
            }

            // Checked before ShouldProcess, so -WhatIf also says what would be refused.
            settings.Validate();
            if (!ShouldProcess($"Writer API at {WriterConnectionSettings.Shown(settings.BaseUri)}", "Connect"))
            {
                return;
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

    private bool Given(string variable) => variable switch
    {
        WriterConnectionSettings.ApiKeyVariable => ApiKey is not null || Credential is not null || SecretName is not null,
        WriterConnectionSettings.BaseUrlVariable => BaseUri is not null,
        WriterConnectionSettings.TimeoutVariable => RequestTimeout is not null,
        WriterConnectionSettings.MaxRetriesVariable => MaxRetries is not null,
        WriterConnectionSettings.RequestsPerMinuteVariable => RequestsPerMinute is not null,
        _ => false,
    };

    private void ThrowInvalidArgument(string message, string errorId, object target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
}
