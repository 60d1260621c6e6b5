using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;

namespace WriterJobs.Http;

/// <summary>Reads the answer that stands after the attempts: a success's body into the endpoint's result, anything else into a <see cref="WriterApiException"/>.</summary>
internal sealed class AnswerReader
{
    private readonly TimeSpan bodyTimeout;
    private readonly long maxResponseBytes;
    private readonly Func<Uri, Uri?> proxyFor;

    public AnswerReader(WriterConnectionSettings settings)
    {
        bodyTimeout = settings.RequestTimeout;
        maxResponseBytes = settings.MaxResponseBytes;
        proxyFor = settings.ProxyFor;
    }

    public async Task<TResult> ReadAsync<TDto, TResult>(
        HttpResponseMessage response,
        JsonTypeInfo<TDto> type,
        Guid? jobId,
        Func<TDto?, DateTimeOffset, Guid?, TResult> map,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        // HttpClient's timeout ends with the headers (ResponseHeadersRead): the body gets a deadline of its own, or a
        // server or proxy that stalls mid-body would hold the command, and a scheduled task, forever. The deadline (or
        // Ctrl+C) disposes the response, which ends a pending read on every runtime; .NET Framework's response stream
        // does not watch a token.
        using var bodyDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bodyDeadline.CancelAfter(bodyTimeout);
        using var abortRead = bodyDeadline.Token.Register(response.Dispose);
        if (!response.IsSuccessStatusCode)
        {
            // An error body that stalls is read as none: the status still says what went wrong.
            var error = await ErrorResponses.ToExceptionAsync(response, jobId, proxyFor, bodyDeadline.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw error;
        }

        Stream? body = null;
        try
        {
            body = BoundedReadStream.Limit(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), response.Content.Headers.ContentLength, maxResponseBytes)
                ?? throw TooLarge();
            var dto = await JsonSerializer.DeserializeAsync(body, type, bodyDeadline.Token).ConfigureAwait(false);
            return map(dto, DateTimeOffset.UtcNow, jobId);
        }
        catch (Exception stalled) when (bodyDeadline.IsCancellationRequested && stalled is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new WriterApiException(WriterErrorKind.Timeout,
                $"{What()} answered {status}, but its body did not arrive within {bodyTimeout.TotalSeconds:0.###} s.", status, jobId: jobId, innerException: stalled);
        }
        catch (JsonException) when (body is not null && BoundedReadStream.WasCut(body))
        {
            throw TooLarge();
        }
        catch (JsonException malformed)
        {
            // The media type is looked at only when the body did not parse: a proxy's login page says so here.
            throw new WriterApiException(WriterErrorKind.InvalidResponse,
                MediaTypes.IsJson(response)
                    ? $"{What()} answered {status} with JSON this module cannot read: {malformed.Message}"
                    : $"{What()} answered {status} with '{response.Content.Headers.ContentType?.MediaType ?? "no content type"}', not JSON (a proxy or gateway in between?).",
                status, jobId: jobId, innerException: malformed);
        }
        catch (WriterApiException invalid) when (invalid.Kind == WriterErrorKind.InvalidResponse && invalid.StatusCode is null)
        {
            throw new WriterApiException(invalid.Kind, invalid.Message, status, jobId: jobId);
        }
        catch (Exception interrupted) when (interrupted is HttpRequestException or IOException)
        {
            throw new WriterApiException(WriterErrorKind.ConnectionFailed, $"{What()}: the connection broke while reading the answer: {interrupted.Message}", status, jobId: jobId, innerException: interrupted);
        }
        finally
        {
            body?.Dispose();
        }

        // Named only on failure, so a success builds no string for it.
        string What() => RequestLine.Describe(response.RequestMessage!);

        WriterApiException TooLarge() => new(WriterErrorKind.InvalidResponse,
            $"{What()} answered {status} with a body over the {maxResponseBytes:N0}-byte limit; it was not read.", status, jobId: jobId);
    }
}
