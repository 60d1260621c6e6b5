using System;
using System.Net;
using System.Security;

namespace WriterJobs.Connection;

/// <summary>How to reach the Writer API: where, with which key, and how patiently.</summary>
internal sealed partial class WriterConnectionSettings
{
    public static readonly Uri DefaultBaseUri = new("https://api.writer.com/");

    /// <summary>The most retries of a transient failure a connection may be set to.</summary>
    public const int MaxRetriesLimit = 20;

    /// <summary>The highest request rate a connection may be set to.</summary>
    public const double RequestsPerMinuteLimit = 10_000_000;

    /// <summary>
    /// The longest one attempt may be given, in seconds: an hour is far beyond any answer of the API, and HttpClient
    /// refuses a timeout over about 24 days anyway.
    /// </summary>
    public const int RequestTimeoutLimitSeconds = 3600;

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

    /// <summary>A proxy to use instead of the system's and the environment's proxy settings; see <see cref="CreateProxy"/>.</summary>
    public IWebProxy? Proxy { get; set; }

    /// <summary>
    /// A proxy at <paramref name="address"/>. A user name and password in the address are its credential, as curl and
    /// HTTP_PROXY take them; the address keeps neither, so nothing that shows it, not even .NET's own messages, shows the
    /// password. Without that, .NET would ignore them and send no credential at all.
    /// </summary>
    /// <exception cref="ArgumentException">The address has a user name and password, and a credential is given too.</exception>
    public static IWebProxy CreateProxy(Uri address, ICredentials? credentials = null)
    {
        if (address is null)
        {
            throw new ArgumentNullException(nameof(address));
        }

        var fromAddress = UserInfo.Credential(address);
        if (fromAddress is not null && credentials is not null)
        {
            throw new ArgumentException($"The proxy address '{Shown(address)}' has a user name and password, and a credential was given too.", nameof(credentials));
        }

        return new WebProxy(UserInfo.Removed(address)) { Credentials = credentials ?? fromAddress };
    }

    /// <summary>Throws a <see cref="WriterApiException"/> when a setting cannot work; called before any request.</summary>
    public void Validate()
    {
        if (ApiKey is null || ApiKey.Length == 0)
        {
            throw new WriterApiException(
                WriterErrorKind.MissingCredentials,
                $"No Writer API key was given, neither to the connection nor in the {ApiKeyVariable} environment variable.",
                advice: WriterAdvice.GiveApiKey);
        }

        ValidateExceptMissingKey();
    }

    /// <summary>
    /// Everything <see cref="Validate"/> checks but whether a key is given: what settings are shown with (Get-WriterConnection
    /// without a key), so that nothing is shown as in force that every command would then refuse.
    /// </summary>
    public void ValidateExceptMissingKey()
    {
        if (ApiKey is not null && SecretText.HasInnerControlCharacter(ApiKey))
        {
            throw new WriterApiException(
                WriterErrorKind.MalformedCredentials,
                "The API key has a line break, tab or other control character inside it, which no request can carry. Spaces and line breaks around the key are removed; inside it they are refused.");
        }

        if (BaseUriProblem(BaseUri) is { } problem)
        {
            throw new WriterApiException(WriterErrorKind.BaseUriInvalid, $"The base URI '{Shown(BaseUri)}' {problem}");
        }

        if (!TransportPolicy.MaySendKeyTo(BaseUri))
        {
            throw new WriterApiException(
                WriterErrorKind.InsecureTransport,
                $"Refusing to send the API key over plain http to '{BaseUri.Host}': use https, or http only for a loopback address such as the local emulator.");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromSeconds(RequestTimeoutLimitSeconds))
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, $"The request timeout must be above 0 and at most {RequestTimeoutLimitSeconds} seconds; it is {RequestTimeout.TotalSeconds:0.###} s.");
        }

        if (MaxRetries < 0 || MaxRetries > MaxRetriesLimit)
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, $"The retry count must be from 0 to {MaxRetriesLimit}; it is {MaxRetries}.");
        }

        if (RequestsPerMinute <= 0 || RequestsPerMinute > RequestsPerMinuteLimit)
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, $"The request rate must be above 0 and at most {RequestsPerMinuteLimit:0} a minute; it is {RequestsPerMinute}.");
        }

        // Not settable from PowerShell: only code that builds settings itself can get these wrong.
        if (MaxRetryDelay < TimeSpan.Zero || RetryBaseDelay < TimeSpan.Zero || MaxResponseBytes <= 0)
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, "The retry delays must not be negative, and the response size limit must be above zero.");
        }
    }

    /// <summary>
    /// What is wrong with a base URI, or null when it is the root of an http or https site. A path or query would be
    /// dropped or doubled in every job's address, and a user name or password would be shown wherever the URI is.
    /// </summary>
    public static string? BaseUriProblem(Uri uri)
    {
        if (uri is null)
        {
            throw new ArgumentNullException(nameof(uri));
        }

        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "is not an http or https URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "holds a user name or password; the API takes only its key, never credentials in the URL.";
        }

        return uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0
            ? $"has a path, query or fragment; give the API's root, such as {DefaultBaseUri}."
            : null;
    }

    /// <summary>
    /// The URI as it may be shown: scheme, host, port and path, never its user name, password, query or fragment, which
    /// may carry a token; a query or fragment is marked as there ("?...").
    /// </summary>
    public static string Shown(Uri uri)
    {
        if (uri is null)
        {
            throw new ArgumentNullException(nameof(uri));
        }

        if (!uri.IsAbsoluteUri)
        {
            return "(a relative URI)";
        }

        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            + (uri.Query.Length > 0 ? "?..." : string.Empty)
            + (uri.Fragment.Length > 0 ? "#..." : string.Empty);
    }

    /// <summary>
    /// The proxy a request to <paramref name="target"/> goes through, without its user name and password; null when it
    /// goes direct. Without a <see cref="Proxy"/>, the network handler takes the default one, and so does this: on .NET,
    /// the HTTP_PROXY, HTTPS_PROXY and NO_PROXY variables as the process first read them; on .NET Framework, the system's
    /// settings, which never proxy a loopback address.
    /// </summary>
    internal Uri? ProxyFor(Uri target)
    {
        var proxy = Proxy ?? WebRequest.DefaultWebProxy;
        if (proxy is null || proxy.IsBypassed(target))
        {
            return null;
        }

        // .NET Framework's convention for "no proxy" is the target itself.
        return proxy.GetProxy(target) is { } address && address != target ? UserInfo.Removed(address) : null;
    }

    /// <summary>A copy, so that a connection is not changed by later edits of the settings it was opened with.</summary>
    public WriterConnectionSettings Clone()
    {
        var copy = (WriterConnectionSettings)MemberwiseClone();
        copy.ApiKey = ApiKey is null ? null : SecretText.Trim(ApiKey);
        return copy;
    }

    public override string ToString() =>
        $"{BaseUri} (key {(ApiKey is { Length: > 0 } ? "set" : "not set")}, timeout {RequestTimeout.TotalSeconds:0.#} s, {MaxRetries} retries, {RequestsPerMinute:0.#} requests/min)";
}
