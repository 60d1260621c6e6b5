using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Engine.Http;

/// <summary>
/// Follows redirects itself (the primary handler's automatic redirects are off) so that each hop passes the
/// authentication handler again, which drops the key for any other origin; refuses a downgrade to plain http.
/// </summary>
internal sealed class RedirectHandler : DelegatingHandler
{
    private const int MaxHops = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        for (var hop = 1; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            var current = request.RequestUri!;
            var target = location.IsAbsoluteUri ? location : new Uri(current, location);
            var keepsMethod = (int)response.StatusCode is 307 or 308 || request.Method == HttpMethod.Get;
            if (hop > MaxHops || !keepsMethod || (current.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps))
            {
                response.Dispose();
                throw new WriterApiException(
                    WriterErrorKind.RedirectRefused,
                    $"The server redirected {request.Method} {current.AbsolutePath} to {target.Scheme}://{target.Authority}{target.AbsolutePath}, which this module does not follow (too many hops, a method change or a downgrade to http).");
            }

            response.Dispose();
            RequestLog.Of(request).Verbose($"{RequestLog.Describe(request)} redirected to {target.Scheme}://{target.Authority}{target.AbsolutePath}");
            request.RequestUri = target;
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;
}
