using System;
using System.Net;
using System.Net.Http;

namespace WriterJobs.Http;

/// <summary>
/// The client follows redirects itself (the primary handler's automatic redirects are off), each hop as a new request
/// that passes the authentication handler again, which drops the key for any other origin.
/// </summary>
internal static class Redirects
{
    private const int MaxHops = 5;

    /// <summary>
    /// Where a redirect sends the request next; null when the answer is not a redirect. For too many hops, a method
    /// change or a downgrade to plain http, disposes the answer and throws <see cref="WriterErrorKind.RedirectRefused"/>.
    /// </summary>
    public static Uri? Target(HttpRequestMessage request, HttpResponseMessage response, int hopsSoFar)
    {
        if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
        {
            return null;
        }

        var current = request.RequestUri!;
        var target = IsRelative(location) ? new Uri(current, location.OriginalString) : location;
        var keepsMethod = (int)response.StatusCode is 307 or 308 || request.Method == HttpMethod.Get;
        if (hopsSoFar >= MaxHops || !keepsMethod || (current.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps))
        {
            response.Dispose();
            throw new WriterApiException(
                WriterErrorKind.RedirectRefused,
                $"The server redirected {request.Method} {current.AbsolutePath} to {Describe(target)}, which this module does not follow (too many hops, a method change or a downgrade to http).");
        }

        return target;
    }

    // Mono on Linux and macOS reads "/v1/jobs" as the absolute file:///v1/jobs; a Location header never names a file.
    private static bool IsRelative(Uri location) =>
        !location.IsAbsoluteUri || (location.IsFile && location.OriginalString.StartsWith("/", StringComparison.Ordinal));

    /// <summary>Scheme, host and path: never a query, which might carry a token.</summary>
    public static string Describe(Uri target) => $"{target.Scheme}://{target.Authority}{target.AbsolutePath}";

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;
}
