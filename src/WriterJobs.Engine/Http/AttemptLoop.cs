using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;

namespace WriterJobs.Http;

/// <summary>
/// Sends one request until its answer stands: each attempt passes the connection's breaker, waits its turn at the
/// connection's gate, then goes out with its own timeout (HttpClient.Timeout); a redirect is followed
/// (<see cref="Redirects"/>), a 429 is waited out (<see cref="QuotaPatience"/>), and a failure is sent again when
/// <see cref="RetryPolicy"/> says so.
/// </summary>
internal sealed class AttemptLoop
{
    private readonly HttpClient http;
    private readonly RequestGate gate;
    private readonly ConnectionBreaker breaker;
    private readonly RetryPolicy retries;
    private readonly TimeProvider clock;
    private readonly IWriterLog log;
    private readonly Uri baseUri;
    private readonly TimeSpan attemptTimeout;

    public AttemptLoop(HttpClient http, WriterConnectionSettings settings, RequestGate gate, ConnectionBreaker breaker, RetryPolicy retries, TimeProvider clock, IWriterLog log)
    {
        this.http = http;
        this.gate = gate;
        this.breaker = breaker;
        this.retries = retries;
        this.clock = clock;
        this.log = log;
        baseUri = settings.BaseUri;
        attemptTimeout = settings.RequestTimeout;
    }

    /// <summary>
    /// Returns the last attempt, which holds an answer, whatever its status; throws when the last attempt got none. When
    /// no attempt reached the server at all, the connection's <see cref="ConnectionBreaker"/> opens, and nothing more is
    /// sent for the command.
    /// </summary>
    /// <param name="ledger">Told of every send, retries and redirect hops included, for a request that must be counted.</param>
    public async Task<Attempt> SendAsync(HttpMethod method, string url, byte[]? jsonBody, Guid? jobId, IAttemptLedger? ledger, CancellationToken cancellationToken)
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

            var attempt = new Attempt(response, failure, clock);
            gate.OnAnswer(request, attempt, log);
            ledger?.AfterSend(TookNoEffect(attempt, signal));

            // A redirect is the next hop of this attempt, not a retry: sent at once, to the new address.
            if (response is not null && Redirects.Target(request, response, hops, baseUri) is { } target)
            {
                response.Dispose();
                log.Verbose($"{RequestLine.Describe(request)} redirected to {Redirects.Describe(target)}");
                url = target.AbsoluteUri;
                hops++;
                continue;
            }

            reachedServer |= response is not null || !FailureClassifier.NeverReachedServer(attempt.Failure);
            var quotaWait = patience.DelayFor(attempt);
            var delay = quotaWait ?? retries.DelayBeforeRetry(retry, method, attempt);
            if (delay is not { } wait)
            {
                return response is not null ? attempt
                    : throw (reachedServer ? Unanswered(request, attempt.Failure!, jobId) : breaker.Open(baseUri, RequestLine.Describe(request), attempt.Failure!, jobId));
            }

            var why = response is not null ? $"answered {(int)response.StatusCode} {response.ReasonPhrase}" : $"failed ({attempt.Failure!.GetType().Name}: {attempt.Failure.Message})";
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
    private static bool TookNoEffect(Attempt attempt, SendSignalContent? signal) => attempt.Status is { } status
        ? status is 429 or 503 or (>= 300 and < 400) or (>= 400 and < 500 and not 408)
        : signal is { Started: false } || FailureClassifier.NeverReachedServer(attempt.Failure);

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
