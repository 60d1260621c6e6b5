using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Wire;

namespace WriterJobs.Http;

/// <summary>The job endpoints of the Writer API, typed (the application endpoints are in WriterJobsClient.Applications.cs); cheap to create, one per command.</summary>
internal sealed partial class WriterJobsClient
{
    /// <summary>The largest page the client asks for; the API's own maximum.</summary>
    public const int MaxPageSize = 100;

    private readonly HttpClient http;
    private readonly string apiRoot;
    private readonly IWriterLog log;
    private readonly RequestGate gate;
    private readonly ConnectionBreaker breaker;
    private readonly Uri baseUri;
    private readonly RetryPolicy retries;
    private readonly TimeProvider clock;
    private readonly TimeSpan attemptTimeout;
    private readonly long maxResponseBytes;
    private readonly Func<Uri, Uri?> proxyFor;

    internal WriterJobsClient(HttpClient http, WriterConnectionSettings settings, RequestGate gate, ConnectionBreaker breaker, RetryPolicy retries, TimeProvider clock, IWriterLog log)
    {
        this.breaker = breaker;
        baseUri = settings.BaseUri;
        this.http = http;
        this.gate = gate;
        this.retries = retries;
        this.clock = clock;
        this.log = log;
        attemptTimeout = settings.RequestTimeout;
        maxResponseBytes = settings.MaxResponseBytes;
        proxyFor = settings.ProxyFor;
        apiRoot = settings.BaseUri.AbsoluteUri.TrimEnd('/') + "/v1/applications/";
    }

    /// <summary>GET /v1/applications/jobs/{id}.</summary>
    public Task<WriterJob> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, JobUrl(jobId), null, WriterJsonContext.Default.JobDto, jobId,
            static (dto, now, id) => WireMapper.ToJob(dto, now, id), cancellationToken);

    /// <summary>
    /// POST /v1/applications/jobs/{id}/retry, sent again only when the earlier send surely did not take effect.
    /// When the outcome is unknown (a timeout, a reset or close after sending, a 5xx), the job is read: if it left
    /// 'failed', or failed again since <paramref name="failedUpdatedAt"/>, the retry took effect and is not sent again;
    /// if that read fails too, the outcome stays unknown (<see cref="WriterErrorKind.OutcomeUnknown"/>).
    /// </summary>
    public Task<WriterJobAccepted> RetryJobAsync(Guid jobId, DateTimeOffset? failedUpdatedAt = null, CancellationToken cancellationToken = default) =>
        RetryJobAsync(jobId, failedUpdatedAt, null, cancellationToken);

    /// <param name="ledger">Accounts for every send, lost-answer resends included, against the job's retry budget.</param>
    internal async Task<WriterJobAccepted> RetryJobAsync(Guid jobId, DateTimeOffset? failedUpdatedAt, IAttemptLedger? ledger, CancellationToken cancellationToken)
    {
        for (var resend = 0; ; resend++)
        {
            try
            {
                return await SendAsync(HttpMethod.Post, JobUrl(jobId) + "/retry", null, WriterJsonContext.Default.AcceptedDto, jobId,
                    static (dto, _, id) => WireMapper.ToAccepted(dto, id), cancellationToken, ledger).ConfigureAwait(false);
            }
            catch (WriterApiException refused) when (resend > 0 && SaysNotFailed(refused))
            {
                // The job was still failed when read, so only an earlier send, whose answer was lost, can have moved it.
                var job = await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
                log.Verbose($"Job {jobId} is {job.StatusText} now and the server refused the retry as not failed: an earlier send took effect.");
                return AcceptedFrom(job);
            }
            catch (WriterApiException unknown) when (IsOutcomeUnknown(unknown))
            {
                log.Verbose($"The retry of job {jobId} may or may not have reached the server ({unknown.Message}); reading the job to find out.");
                var job = await ReadAfterLostAnswerAsync(jobId, unknown, cancellationToken).ConfigureAwait(false);
                var failedAgain = job.State == WriterJobStatus.failed && failedUpdatedAt is { } before && job.UpdatedAt is { } after && after != before;
                if (job.State != WriterJobStatus.failed || failedAgain)
                {
                    log.Verbose($"Job {jobId} is {job.StatusText} now: the retry took effect and is not sent again.");
                    return AcceptedFrom(job);
                }

                if (resend >= retries.MaxRetries)
                {
                    // Still the same 'failed': the retry surely did not take effect, and no resend is left.
                    throw;
                }

                var delay = retries.Backoff(resend);
                log.Verbose($"Job {jobId} is still failed: the retry did not take effect; sending it again in {delay.TotalSeconds:0.###} s.");
                await clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// GET /v1/applications/{applicationId}/jobs, one page. A page whose body broke off or does not parse is read again,
    /// at most as often as a failed attempt is retried: reading a page twice does no harm, and a listing of thousands of
    /// jobs should not end on one bad page.
    /// </summary>
    public async Task<WriterJobPage> GetJobPageAsync(string applicationId, WriterJobStatus? status, long offset, int limit, CancellationToken cancellationToken = default)
    {
        var query = $"?offset={offset.ToString(CultureInfo.InvariantCulture)}&limit={limit.ToString(CultureInfo.InvariantCulture)}";
        if (status is { } wanted)
        {
            query += "&status=" + WriterJobStatusText.ToWire(wanted);
        }

        var url = ApplicationJobsUrl(applicationId) + query;
        for (var reread = 0; ; reread++)
        {
            try
            {
                return await SendAsync(HttpMethod.Get, url, null, WriterJsonContext.Default.PageDto, null,
                    (dto, now, _) => WireMapper.ToPage(dto, offset, now), cancellationToken).ConfigureAwait(false);
            }
            catch (WriterApiException broken) when (IsBrokenBody(broken) && reread < retries.MaxRetries)
            {
                log.Verbose($"{broken.Message}; reading the page again ({reread + 1} of {retries.MaxRetries}).");
            }
            catch (WriterApiException notFound) when (notFound.Kind == WriterErrorKind.NotFound)
            {
                throw ApplicationNotFound(applicationId, notFound);
            }
        }
    }

    /// <summary>Every job of an application, page after page as they are needed, starting at <paramref name="skip"/>.</summary>
    public async IAsyncEnumerable<WriterJob> ListJobsAsync(
        string applicationId,
        WriterJobStatus? status = null,
        long skip = 0,
        int pageSize = MaxPageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (long? offset = skip; offset is { } next;)
        {
            var page = await GetJobPageAsync(applicationId, status, next, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var job in page.Jobs)
            {
                yield return job;
            }

            offset = page.NextOffset;
        }
    }

    /// <summary>POST /v1/applications/{applicationId}/jobs. Never sent twice unless the first surely did not take effect.</summary>
    public async Task<WriterJobAccepted> CreateJobAsync(string applicationId, IReadOnlyList<WriterJobInput> inputs, CancellationToken cancellationToken = default)
    {
        var body = new CreateJobRequestDto { Inputs = inputs.Select(i => new CreateJobInputDto { Id = i.Id, Value = i.Values }).ToList() };
        var json = JsonSerializer.SerializeToUtf8Bytes(body, WriterJsonContext.Default.CreateJobRequestDto);
        try
        {
            return await SendAsync(HttpMethod.Post, ApplicationJobsUrl(applicationId), json, WriterJsonContext.Default.AcceptedDto, null,
                static (dto, _, _) => WireMapper.ToAccepted(dto, null), cancellationToken).ConfigureAwait(false);
        }
        catch (WriterApiException notFound) when (notFound.Kind == WriterErrorKind.NotFound)
        {
            throw ApplicationNotFound(applicationId, notFound);
        }
        catch (WriterApiException unknown) when (IsOutcomeUnknown(unknown))
        {
            throw new WriterApiException(
                WriterErrorKind.OutcomeUnknown,
                $"The request to create a job for application '{applicationId}' may or may not have been accepted ({unknown.Message}). It was not sent again, so no job is created twice: list the application's recent jobs before trying again.",
                unknown.StatusCode,
                unknown.Descriptions,
                innerException: unknown);
        }
    }

    /// <summary>
    /// True when the server refused a retry because the job is not failed: 409 (the emulator), or 400 with a key such
    /// as fail.job.notFailed (other servers). The API reference does not say which.
    /// </summary>
    internal static bool SaysNotFailed(WriterApiException refusal) =>
        refusal.Kind == WriterErrorKind.Conflict
        || (refusal.Kind == WriterErrorKind.BadRequest && refusal.ErrorKeys.Any(key => key.IndexOf("notFailed", StringComparison.OrdinalIgnoreCase) >= 0));

    /// <summary>A success whose body broke off, stalled or did not parse; not one over the size limit, nor one that parsed but lacks fields.</summary>
    private static bool IsBrokenBody(WriterApiException exception) =>
        exception.Kind is WriterErrorKind.InvalidResponse or WriterErrorKind.ConnectionFailed or WriterErrorKind.Timeout
        && exception.StatusCode is >= 200 and < 300
        && exception.InnerException is not null;

    /// <summary>True when a request may have taken effect although no success came back.</summary>
    internal static bool IsOutcomeUnknown(WriterApiException exception) => exception.Kind switch
    {
        WriterErrorKind.Timeout => true,
        WriterErrorKind.ConnectionFailed => !FailureClassifier.SurelyNotProcessed(null, exception.InnerException),
        WriterErrorKind.ServerError or WriterErrorKind.BadGateway => true,
        WriterErrorKind.InvalidResponse => exception.StatusCode is >= 200 and < 300,
        _ => false,
    };

    private static WriterJobAccepted AcceptedFrom(WriterJob job) => new(job.Id, job.StatusText, job.UpdatedAt ?? job.RetrievedAt);

    private string JobUrl(Guid jobId) => apiRoot + "jobs/" + jobId.ToString("D");

    private string ApplicationJobsUrl(string applicationId)
    {
        if (string.IsNullOrWhiteSpace(applicationId))
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, "An application ID is required.");
        }

        return apiRoot + Uri.EscapeDataString(applicationId) + "/jobs";
    }

    /// <summary>The read that settles a lost answer to a retry; when it fails too, the retry's outcome is unknown.</summary>
    private async Task<WriterJob> ReadAfterLostAnswerAsync(Guid jobId, WriterApiException lost, CancellationToken cancellationToken)
    {
        try
        {
            return await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (WriterApiException unreadable) when (!unreadable.StopsTheCommand || unreadable.Kind == WriterErrorKind.Unreachable)
        {
            // Even with the API now out of reach, what this item needs said is that its retry may have taken effect.
            throw new WriterApiException(
                WriterErrorKind.OutcomeUnknown,
                $"The retry of job {jobId} may or may not have taken effect ({lost.Message}), and reading the job to find out failed too ({unreadable.Message}). It was not sent again: read the job before retrying it.",
                unreadable.StatusCode,
                jobId: jobId,
                innerException: unreadable);
        }
    }

    /// <summary>One call: its attempts (<see cref="SendAttemptsAsync"/>), then the answer read into <typeparamref name="TResult"/> or an error.</summary>
    private async Task<TResult> SendAsync<TDto, TResult>(
        HttpMethod method,
        string url,
        byte[]? jsonBody,
        JsonTypeInfo<TDto> type,
        Guid? jobId,
        Func<TDto?, DateTimeOffset, Guid?, TResult> map,
        CancellationToken cancellationToken,
        IAttemptLedger? ledger = null)
    {
        using var response = await SendAttemptsAsync(method, url, jsonBody, jobId, ledger, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        // HttpClient's timeout ends with the headers (ResponseHeadersRead): the body gets a deadline of its own, or a
        // server or proxy that stalls mid-body would hold the command, and a scheduled task, forever. The deadline (or
        // Ctrl+C) disposes the response, which ends a pending read on every runtime; .NET Framework's response stream
        // does not watch a token.
        using var bodyDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bodyDeadline.CancelAfter(attemptTimeout);
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
                $"{What()} answered {status}, but its body did not arrive within {attemptTimeout.TotalSeconds:0.###} s.", status, jobId: jobId, innerException: stalled);
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

    /// <summary>
    /// Sends one request until its answer stands: each attempt waits its turn at the connection's gate, then goes
    /// out with its own timeout (HttpClient.Timeout); a redirect is followed (<see cref="Redirects"/>), and a failure
    /// is sent again when <see cref="RetryPolicy"/> says so.
    /// Returns the last answer, whatever its status; throws when the last attempt got none. When no attempt reached the
    /// server at all, the connection's <see cref="ConnectionBreaker"/> opens, and nothing more is sent for the command.
    /// </summary>
    private async Task<HttpResponseMessage> SendAttemptsAsync(HttpMethod method, string url, byte[]? jsonBody, Guid? jobId, IAttemptLedger? ledger, CancellationToken cancellationToken)
    {
        var reachedServer = false;
        var patience = new QuotaPatience(retries);
        for (int retry = 0, hops = 0; ;)
        {
            breaker.ThrowIfOpen();
            await gate.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
            var signal = ledger is null ? null : new SendSignalContent();
            using var request = new HttpRequestMessage(method, url) { Content = (HttpContent?)signal ?? (jsonBody is null ? EmptyBody(method) : JsonContent(jsonBody)) };
            if (ledger is not null)
            {
                // After the gate, right before the send: a send that waits its turn has claimed nothing yet.
                await ledger.BeforeSendAsync(cancellationToken).ConfigureAwait(false);
            }

            if (log.IsDebugEnabled)
            {
                // Every send has its line, retries and redirect hops included: nothing reaches the server unseen.
                log.Debug(RequestLine.Describe(request)
                    + (retry > 0 ? $" (retry {retry} of {retries.MaxRetries})" : string.Empty)
                    + (hops > 0 ? $" (redirect {hops})" : string.Empty));
            }

            HttpResponseMessage? response = null;
            Exception? failure = null;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                gate.OnAnswer(request, response, log);
            }
            catch (OperationCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new TimeoutException($"{RequestLine.Describe(request)} got no answer within {attemptTimeout.TotalSeconds:0.###} s.", timeout);
            }
            catch (Exception transport) when (transport is HttpRequestException or IOException)
            {
                failure = WithoutUserInfo(transport);
            }
            finally
            {
                // Neither an answer nor a failure: Ctrl+C (or anything else) is leaving; it took effect only if it left.
                if (response is null && failure is null)
                {
                    ledger?.AfterSend(tookNoEffect: signal is { Started: false });
                }
            }

            ledger?.AfterSend(TookNoEffect(response, failure, signal));

            // A redirect is the next hop of this attempt, not a retry: sent at once, to the new address.
            if (response is not null && Redirects.Target(request, response, hops, baseUri) is { } target)
            {
                response.Dispose();
                log.Verbose($"{RequestLine.Describe(request)} redirected to {Redirects.Describe(target)}");
                url = target.AbsoluteUri;
                hops++;
                continue;
            }

            reachedServer |= response is not null || !FailureClassifier.NeverReachedServer(failure);
            var quotaWait = patience.DelayFor(response);
            var delay = quotaWait ?? retries.DelayBeforeRetry(retry, method, response, failure);
            if (delay is not { } wait)
            {
                return response ?? throw (reachedServer ? Unanswered(request, failure!, jobId) : breaker.Open(baseUri, RequestLine.Describe(request), failure!, jobId));
            }

            var why = response is not null ? $"answered {(int)response.StatusCode} {response.ReasonPhrase}" : $"failed ({failure!.GetType().Name}: {failure.Message})";
            log.Verbose(quotaWait is null
                ? $"{RequestLine.Describe(request)} {why}; retry {retry + 1} of {retries.MaxRetries} in {wait.TotalSeconds:0.###} s."
                : $"{RequestLine.Describe(request)} {why}; retry in {wait.TotalSeconds:0.###} s, waiting out the quota (up to {patience.Total.TotalSeconds:0.#} s in all), not counted against the {retries.MaxRetries} retries.");
            response?.Dispose();
            await clock.Delay(wait, cancellationToken).ConfigureAwait(false);
            retry += quotaWait is null ? 1 : 0;
        }
    }

    /// <summary>An attempt that surely did nothing: it never left (not even its headers), never reached the server, or
    /// the server turned it away before doing anything (429, 503, any other 4xx but 408, or a redirect).</summary>
    private static bool TookNoEffect(HttpResponseMessage? response, Exception? failure, SendSignalContent? signal) => response is not null
        ? (int)response.StatusCode is 429 or 503 or (>= 300 and < 400) or (>= 400 and < 500 and not 408)
        : signal is { Started: false } || FailureClassifier.NeverReachedServer(failure);

    /// <summary>
    /// No body for a GET: RFC 9110 section 8.6 says a request whose method expects no content carries no Content-Length,
    /// and strict front ends refuse one (an AWS load balancer in its strictest mode answers 400, CloudFront 403 to a
    /// GET with a body). A POST without a body gets an empty one (Content-Length: 0): SocketsHttpHandler sends a
    /// body-less request again by itself, up to three more times, when the connection closes cleanly before any byte
    /// of the answer, and a retry POST the server already did must never be repeated below the attempt loop. A GET
    /// may be repeated so, only after the server closed a connection without answering it (docs/reliability.md, R7).
    /// </summary>
    private static ByteArrayContent? EmptyBody(HttpMethod method) =>
        method == HttpMethod.Get ? null : new ByteArrayContent(Array.Empty<byte>());

    private static ByteArrayContent JsonContent(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// The failure, or a copy of it whose message names no proxy's password: .NET names the proxy with its user info
    /// when the proxy refuses a CONNECT, and every message and log line below is built from this one.
    /// </summary>
    private static Exception WithoutUserInfo(Exception transport)
    {
        var message = UserInfo.RemovedFrom(transport.Message);
        return message == transport.Message ? transport
            : transport is IOException ? new IOException(message, transport.InnerException)
            : new HttpRequestException(message, transport.InnerException);
    }

    private static WriterApiException Unanswered(HttpRequestMessage request, Exception failure, Guid? jobId) => failure is TimeoutException
        ? new WriterApiException(WriterErrorKind.Timeout, failure.Message, jobId: jobId, innerException: failure)
        : new WriterApiException(WriterErrorKind.ConnectionFailed, $"Could not complete {RequestLine.Describe(request)} with {request.RequestUri?.Authority}: {failure.Message}", jobId: jobId, innerException: failure);
}
