using System;
using System.Globalization;
using System.Net;
using System.Security;

namespace WriterJobs;

/// <summary>How to reach the Writer API: where, with which key, and how patiently.</summary>
public sealed class WriterConnectionSettings
{
    public static readonly Uri DefaultBaseUri = new("https://api.writer.com/");

    public const string ApiKeyVariable = "WRITER_API_KEY";
    public const string BaseUrlVariable = "WRITER_BASE_URL";
    public const string MaxRetriesVariable = "WRITER_MAX_RETRIES";
    public const string TimeoutVariable = "WRITER_TIMEOUT_SECONDS";
    public const string RequestsPerMinuteVariable = "WRITER_REQUESTS_PER_MINUTE";

    public Uri BaseUri { get; set; } = DefaultBaseUri;

    /// <summary>The key, kept encrypted in memory; it becomes plain text only while a request's header is built.</summary>
    public SecureString? ApiKey { get; set; }

    /// <summary>How long one attempt may take before it counts as timed out.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a transient failure is retried after the first attempt.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The request rate of the whole connection; the API publishes 400 a minute per account.</summary>
    public double RequestsPerMinute { get; set; } = 400;

    /// <summary>The longest wait a server's Retry-After may impose before a retry; longer ones are capped.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first backoff before retrying a transient failure without a Retry-After; each later one doubles, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest response body read; a bigger one (a runaway page, a proxy's dump) is refused rather than buffered.</summary>
    public long MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>A proxy to use instead of the system's and the environment's proxy settings.</summary>
    public IWebProxy? Proxy { get; set; }

    /// <summary>Reads WRITER_API_KEY, WRITER_BASE_URL, WRITER_MAX_RETRIES, WRITER_TIMEOUT_SECONDS and WRITER_REQUESTS_PER_MINUTE.</summary>
    public static WriterConnectionSettings FromEnvironment(Func<string, string?> getVariable)
    {
        if (getVariable is null)
        {
            throw new ArgumentNullException(nameof(getVariable));
        }

        var settings = new WriterConnectionSettings();
        var key = getVariable(ApiKeyVariable);
        if (!string.IsNullOrEmpty(key))
        {
            settings.ApiKey = SecretText.Protect(key!);
        }

        var baseUrl = getVariable(BaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            settings.BaseUri = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
                ? uri
                : throw InvalidVariable(BaseUrlVariable, "an absolute URL such as https://api.writer.com");
        }

        if (ReadNumber(getVariable, MaxRetriesVariable) is { } retries)
        {
            settings.MaxRetries = (int)retries;
        }

        if (ReadNumber(getVariable, TimeoutVariable) is { } seconds)
        {
            settings.RequestTimeout = TimeSpan.FromSeconds(seconds);
        }

        if (ReadNumber(getVariable, RequestsPerMinuteVariable) is { } rate)
        {
            settings.RequestsPerMinute = rate;
        }

        return settings;
    }

    /// <summary>Throws a <see cref="WriterApiException"/> when a setting cannot work; called before any request.</summary>
    public void Validate()
    {
        if (ApiKey is null || ApiKey.Length == 0)
        {
            throw new WriterApiException(
                WriterErrorKind.MissingCredentials,
                $"No Writer API key was given. Run 'Connect-Writer -ApiKey (Read-Host -AsSecureString)', or set the {ApiKeyVariable} environment variable.");
        }

        if (!BaseUri.IsAbsoluteUri || (BaseUri.Scheme != Uri.UriSchemeHttps && BaseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, $"The base URI '{BaseUri}' is not an http or https URL.");
        }

        if (!TransportPolicy.MaySendKeyTo(BaseUri))
        {
            throw new WriterApiException(
                WriterErrorKind.InsecureTransport,
                $"Refusing to send the API key over plain http to '{BaseUri.Host}': use https, or http only for a loopback address such as the local emulator.");
        }

        if (RequestTimeout <= TimeSpan.Zero || MaxRetries < 0 || RequestsPerMinute <= 0 || MaxRetryDelay < TimeSpan.Zero
            || RetryBaseDelay < TimeSpan.Zero || MaxResponseBytes <= 0)
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, "The timeout, the request rate and the response size limit must be positive, and the retry count and the retry delays not negative.");
        }
    }

    /// <summary>A copy, so that a connection is not changed by later edits of the settings it was opened with.</summary>
    public WriterConnectionSettings Clone()
    {
        var copy = (WriterConnectionSettings)MemberwiseClone();
        copy.ApiKey = ApiKey?.Copy();
        copy.ApiKey?.MakeReadOnly();
        return copy;
    }

    public override string ToString() =>
        $"{BaseUri} (key {(ApiKey is { Length: > 0 } ? "set" : "not set")}, timeout {RequestTimeout.TotalSeconds:0.#} s, {MaxRetries} retries, {RequestsPerMinute:0.#} requests/min)";

    private static double? ReadNumber(Func<string, string?> getVariable, string name)
    {
        var text = getVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw InvalidVariable(name, "a number that is not negative");
    }

    private static WriterApiException InvalidVariable(string name, string expected) =>
        new(WriterErrorKind.InvalidInput, $"The environment variable {name} must be {expected}.");
}
