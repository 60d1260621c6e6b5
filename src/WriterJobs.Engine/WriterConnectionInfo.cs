using System;
using WriterJobs.Connection;

namespace WriterJobs;

/// <summary>What Get-WriterConnection shows of a connection: everything but the key, of which it says only whether one is set.</summary>
public sealed class WriterConnectionInfo
{
    public const string ConnectWriterSource = "Connect-Writer";
    public const string EnvironmentSource = "Environment";

    public WriterConnectionInfo(WriterConnectionSettings settings, string source)
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
        Proxy = settings.Proxy?.GetProxy(settings.BaseUri) is { } proxy && proxy != settings.BaseUri ? proxy : null;
        Source = source;
    }

    public Uri BaseUri { get; }

    public bool ApiKeySet { get; }

    public TimeSpan RequestTimeout { get; }

    public int MaxRetries { get; }

    public double RequestsPerMinute { get; }

    public Uri? Proxy { get; }

    /// <summary>Connect-Writer, or Environment when the WRITER_* variables were used.</summary>
    public string Source { get; }

    public override string ToString() => $"{BaseUri} ({Source}, key {(ApiKeySet ? "set" : "not set")})";
}
