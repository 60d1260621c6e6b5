using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace WriterJobs.Http;

/// <summary>Decides, from one attempt's outcome, whether sending again is safe and worthwhile.</summary>
internal static class FailureClassifier
{
    /// <summary>The request surely did not take effect: it never reached the server, or the server refused it before doing anything.</summary>
    public static bool SurelyNotProcessed(HttpResponseMessage? response, Exception? exception) =>
        response is not null ? (int)response.StatusCode is 429 or 503 : NeverReachedServer(exception);

    /// <summary>No connection to the server came about: refused, no such host, no route, or a failed TLS handshake.</summary>
    public static bool NeverReachedServer(Exception? exception) =>
        exception is not null && Chain(exception).Any(e => e is AuthenticationException || (e is SocketException socket && socket.SocketErrorCode is
            SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData
            or SocketError.NetworkUnreachable or SocketError.HostUnreachable));

    /// <summary>A failure that may pass if the same request is sent again.</summary>
    public static bool IsTransient(HttpResponseMessage? response, Exception? exception) =>
        response is not null
            ? (int)response.StatusCode is 408 or 429 or >= 500
            : exception is HttpRequestException or TimeoutException or IOException;

    /// <summary>Whether to send again: idempotent reads on any transient failure, anything else only when it surely did not take effect.</summary>
    public static bool ShouldRetry(HttpMethod method, HttpResponseMessage? response, Exception? exception)
    {
        // The common case, decided before any header is looked up.
        if (response is { IsSuccessStatusCode: true })
        {
            return false;
        }

        if (response is not null && ServerSays(response) is { } serverSays)
        {
            return serverSays;
        }

        return method == HttpMethod.Get ? IsTransient(response, exception) : SurelyNotProcessed(response, exception);
    }

    private static bool? ServerSays(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-should-retry", out var values) && bool.TryParse(values.FirstOrDefault(), out var retry)
            ? retry
            : null;

    private static System.Collections.Generic.IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
