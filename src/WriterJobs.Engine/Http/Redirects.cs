using System;
using System.Net;
using System.Net.Http;
using WriterJobs.Connection;

namespace WriterJobs.Http;

/// <summary>
/// The client follows redirects itself (the primary handler's automatic redirects are off), each hop as a new request
/// that passes the authentication handler again. Only redirects within the configured origin are followed: another
/// host would get the request without the key, and its answer (a 202 to a retry, say) would stand for the API's.
/// </summary>
internal static class Redirects
{
    private const int MaxHops = 5;

    /// <summary>
    /// Where a redirect sends the request next; null when the answer is not a redirect. For too many hops, a method
    /// change, a downgrade to plain http or another origin than <paramref name="origin"/>, disposes the answer and
    /// throws <see cref="WriterErrorKind.RedirectRefused"/>.
    /// </summary>
    public static Uri? Target(HttpRequestMessage request, HttpResponseMessage response, int hopsSoFar, Uri origin)
    {
        if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
        {
            return null;
        }

        var current = request.RequestUri!;
        var target = IsRelative(location) ? new Uri(current, location.OriginalString) : location;
        var keepsMethod = (int)response.StatusCode is 307 or 308 || request.Method == HttpMethod.Get;
        var why = hopsSoFar >= MaxHops ? $"more than {MaxHops} redirects"
            : !keepsMethod ? "a redirect that changes the method"
            : current.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps ? "a downgrade to http"
            : !TransportPolicy.IsSameOrigin(target, origin) ? $"another host than {origin.Scheme}://{origin.Authority}, which would get the request without the key"
            : null;
        if (why is not null)
        {
            response.Dispose();
            throw new WriterApiException(
                WriterErrorKind.RedirectRefused,
                $"The server redirected {request.Method} {current.AbsolutePath} to {Describe(target)}, which this module does not follow: {why}.");
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
