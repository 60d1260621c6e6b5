using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Wire;

namespace WriterJobs.Http;

/// <summary>Turns a non-success answer into a <see cref="WriterApiException"/> with the API's own descriptions.</summary>
internal static class ErrorResponses
{
    /// <summary>Error bodies are small; a longer one is not Writer's and is not read further.</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <param name="proxyFor">The proxy a request to an address went through, without user info (null: none); asked only for a 401 or 407.</param>
    public static async Task<WriterApiException> ToExceptionAsync(HttpResponseMessage response, Guid? jobId, Func<Uri, Uri?> proxyFor, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var kind = KindOf(status);
        var body = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var descriptions = body?.Errors?.Select(e => e.Description).Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!).ToList()
            ?? new List<string>();
        var subject = jobId is { } id ? $"job {id}" : "the request";
        var detail = descriptions.Count > 0 ? ": " + string.Join("; ", descriptions)
            : body is null && MediaTypes.IsHtml(response) ? " with an HTML page instead of Writer's JSON error (a proxy or gateway in between?)"
            : ".";
        // Only a proxy sends 407; a 401 that is not the API's JSON may be a proxy's too: tinyproxy answers a wrong proxy
        // password with 401, and blaming the API key alone would send the user after the wrong secret.
        var proxy = status is 401 or 407 && response.RequestMessage?.RequestUri is { } target ? proxyFor(target) : null;
        var proxied = kind == WriterErrorKind.Unauthorized && body is null && proxy is not null;
        var message = kind switch
        {
            WriterErrorKind.ProxyAuthenticationRequired =>
                $"The proxy{(proxy is null ? string.Empty : $" {proxy}")} asked for a login (407 Proxy Authentication Required): it was given no credential, or one it does not accept.",
            WriterErrorKind.Unauthorized when proxied =>
                $"The answer was 401 Unauthorized without Writer's JSON error: either the Writer API refused the API key, or the proxy {proxy} refused its credential (some proxies, tinyproxy among them, answer a wrong proxy password with 401 rather than 407).",
            // The API's own description of a 404 says the same again: kept only when it adds something.
            WriterErrorKind.NotFound when jobId is not null => $"Job {jobId} was not found (404)"
                + (descriptions.Any(d => !d.Contains(jobId.ToString(), StringComparison.OrdinalIgnoreCase)) ? detail : "."),
            WriterErrorKind.Unauthorized => $"The Writer API refused the API key (401){detail}",
            WriterErrorKind.Forbidden => $"The API key may not do this (403){detail}",
            _ => $"The Writer API answered {status} {response.ReasonPhrase} for {subject}{detail}",
        };
        var keys = body?.Errors?.Select(e => e.Key).Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k!).ToList();
        var advice = kind switch
        {
            WriterErrorKind.Unauthorized => proxied ? WriterAdvice.CheckApiKeyAndProxyCredential : WriterAdvice.CheckApiKey,
            WriterErrorKind.ProxyAuthenticationRequired => WriterAdvice.CheckProxyCredential,
            _ => WriterAdvice.None,
        };
        return new WriterApiException(kind, message, status, descriptions, body?.Type, jobId, errorKeys: keys, advice: advice);
    }

    public static WriterErrorKind KindOf(int status) => status switch
    {
        400 => WriterErrorKind.BadRequest,
        401 => WriterErrorKind.Unauthorized,
        403 => WriterErrorKind.Forbidden,
        404 => WriterErrorKind.NotFound,
        407 => WriterErrorKind.ProxyAuthenticationRequired,
        409 => WriterErrorKind.Conflict,
        410 => WriterErrorKind.Gone,
        413 => WriterErrorKind.PayloadTooLarge,
        422 => WriterErrorKind.UnprocessableInput,
        429 => WriterErrorKind.TooManyRequests,
        502 or 504 => WriterErrorKind.BadGateway,
        503 => WriterErrorKind.ServiceUnavailable,
        507 => WriterErrorKind.InsufficientStorage,
        >= 500 => WriterErrorKind.ServerError,
        >= 400 => WriterErrorKind.OtherClientError,
        _ => WriterErrorKind.InvalidResponse,
    };

    private static async Task<ErrorBodyDto?> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!MediaTypes.IsJson(response) || response.Content.Headers.ContentLength > MaxErrorBodyBytes)
        {
            return null;
        }

        try
        {
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, WriterJsonContext.Default.ErrorBodyDto, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception unread) when (unread is JsonException
            || (cancellationToken.IsCancellationRequested && unread is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException))
        {
            return null;
        }
    }
}
