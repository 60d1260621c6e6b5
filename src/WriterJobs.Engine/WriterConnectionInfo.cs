using System;
using WriterJobs.Connection;

namespace WriterJobs;

/// <summary>What Get-WriterConnection shows of a connection: everything but the key, of which it says only whether one is set, and the proxy's password.</summary>
public sealed class WriterConnectionInfo
{
    public const string ConnectWriterSource = "Connect-Writer";
    public const string EnvironmentSource = "Environment";

    internal WriterConnectionInfo(WriterConnectionSettings settings, string source)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        BaseUri = settings.BaseUri;
        ApiKeySet = settings.ApiKey is { Length: > 0 };
        RequestTimeout = settings.RequestTimeout;
        MaxRetries = settings.MaxRetries;
        RequestsPerMinute = settings.RequestsPerMinute;
        Proxy = settings.ProxyFor(settings.BaseUri);
        Source = source;
    }

    public Uri BaseUri { get; }

    public bool ApiKeySet { get; }

    public TimeSpan RequestTimeout { get; }

    public int MaxRetries { get; }

    public double RequestsPerMinute { get; }

    /// <summary>
    /// The proxy requests go through, the one given or the environment's (HTTP_PROXY), never with its user name and
    /// password; null when they go direct.
    /// </summary>
    public Uri? Proxy { get; }

    /// <summary>Connect-Writer, or Environment when the WRITER_* variables were used.</summary>
    public string Source { get; }

    public override string ToString() => $"{BaseUri} ({Source}, key {(ApiKeySet ? "set" : "not set")})";
}
