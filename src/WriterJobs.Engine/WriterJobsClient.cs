using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Engine.Http;
using WriterJobs.Engine.Wire;

namespace WriterJobs;

/// <summary>The four job endpoints of the Writer API, typed; cheap to create, one per command.</summary>
public sealed class WriterJobsClient
{
    /// <summary>The largest page the client asks for; the API's own maximum.</summary>
    public const int MaxPageSize = 100;

    private readonly HttpClient http;
    private readonly string apiRoot;
    private readonly IWriterLog log;
    private readonly int maxResends;
    private readonly long maxResponseBytes;

    internal WriterJobsClient(HttpClient http, Uri baseUri, IWriterLog log, int maxResends, long maxResponseBytes)
    {
        this.http = http;
        this.log = log;
        this.maxResends = maxResends;
        this.maxResponseBytes = maxResponseBytes;
        apiRoot = baseUri.AbsoluteUri.TrimEnd('/') + "/v1/applications/";
    }

    /// <summary>GET /v1/applications/jobs/{id}.</summary>
    public Task<WriterJob> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, JobUrl(jobId), null, WriterJsonContext.Default.JobDto, jobId,
            (dto, now) => WireMapper.ToJob(dto, now, jobId), cancellationToken);

    /// <summary>
    /// POST /v1/applications/jobs/{id}/retry, sent again only when the first surely did not take effect.
    /// When the outcome is unknown (a timeout, a reset, a 5xx after sending), the job is read: if it left
    /// 'failed', or failed again since <paramref name="failedUpdatedAt"/>, the retry took effect and is not sent again.
    /// </summary>
    public async Task<WriterJobAccepted> RetryJobAsync(Guid jobId, DateTimeOffset? failedUpdatedAt = null, CancellationToken cancellationToken = default)
    {
        for (var resend = 0; ; resend++)
        {
            try
            {
                return await SendAsync(HttpMethod.Post, JobUrl(jobId) + "/retry", null, WriterJsonContext.Default.AcceptedDto, jobId,
                    (dto, _) => WireMapper.ToAccepted(dto, jobId), cancellationToken).ConfigureAwait(false);
            }
            catch (WriterApiException unknown) when (IsOutcomeUnknown(unknown) && resend < maxResends)
            {
                log.Verbose($"The retry of job {jobId} may or may not have reached the server ({unknown.Message}); reading the job to find out.");
                var job = await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
                var failedAgain = job.Status == WriterJobStatus.failed && failedUpdatedAt is { } before && job.UpdatedAt is { } after && after != before;
                if (job.Status != WriterJobStatus.failed || failedAgain)
                {
                    log.Verbose($"Job {jobId} is {job.StatusText} now: the retry took effect and is not sent again.");
                    return new WriterJobAccepted(job.Id, job.StatusText, job.UpdatedAt ?? job.RetrievedAt);
                }

                log.Verbose($"Job {jobId} is still failed: the retry did not take effect; sending it again.");
            }
        }
    }

    /// <summary>GET /v1/applications/{applicationId}/jobs, one page.</summary>
    public Task<WriterJobPage> GetJobPageAsync(string applicationId, WriterJobStatus? status, long offset, int limit, CancellationToken cancellationToken = default)
    {
        var query = $"?offset={offset.ToString(CultureInfo.InvariantCulture)}&limit={limit.ToString(CultureInfo.InvariantCulture)}";
        if (status is { } wanted)
        {
            query += "&status=" + WriterJobStatusText.ToWire(wanted);
        }

        return SendAsync(HttpMethod.Get, ApplicationJobsUrl(applicationId) + query, null, WriterJsonContext.Default.PageDto, null,
            (dto, now) => WireMapper.ToPage(dto, offset, now), cancellationToken);
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
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        try
        {
            return await SendAsync(HttpMethod.Post, ApplicationJobsUrl(applicationId), content, WriterJsonContext.Default.AcceptedDto, null,
                (dto, _) => WireMapper.ToAccepted(dto, null), cancellationToken).ConfigureAwait(false);
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

    /// <summary>True when a request may have taken effect although no success came back.</summary>
    internal static bool IsOutcomeUnknown(WriterApiException exception) => exception.Kind switch
    {
        WriterErrorKind.Timeout => true,
        WriterErrorKind.ConnectionFailed => !FailureClassifier.SurelyNotProcessed(null, exception.InnerException),
        WriterErrorKind.ServerError or WriterErrorKind.BadGateway => true,
        WriterErrorKind.InvalidResponse => exception.StatusCode is >= 200 and < 300,
        _ => false,
    };

    private string JobUrl(Guid jobId) => apiRoot + "jobs/" + jobId.ToString("D");

    private string ApplicationJobsUrl(string applicationId)
    {
        if (string.IsNullOrWhiteSpace(applicationId))
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, "An application ID is required.");
        }

        return apiRoot + Uri.EscapeDataString(applicationId) + "/jobs";
    }

    private async Task<TResult> SendAsync<TDto, TResult>(
        HttpMethod method,
        string url,
        HttpContent? content,
        JsonTypeInfo<TDto> type,
        Guid? jobId,
        Func<TDto?, DateTimeOffset, TResult> map,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        RequestLog.Attach(request, log);
        log.Debug($"{RequestLog.Describe(request)}");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutException timeout)
        {
            throw new WriterApiException(WriterErrorKind.Timeout, $"{RequestLog.Describe(request)} timed out: {timeout.Message}", jobId: jobId, innerException: timeout);
        }
        catch (Exception transport) when (transport is HttpRequestException or System.IO.IOException or OperationCanceledException)
        {
            throw new WriterApiException(WriterErrorKind.ConnectionFailed, $"Could not complete {RequestLog.Describe(request)} with {request.RequestUri?.Authority}: {transport.Message}", jobId: jobId, innerException: transport);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorResponses.ToExceptionAsync(response, jobId, cancellationToken).ConfigureAwait(false);
            }

            var status = (int)response.StatusCode;
            if (!MediaTypes.IsJson(response))
            {
                throw new WriterApiException(WriterErrorKind.InvalidResponse,
                    $"{RequestLog.Describe(request)} answered {status} with '{response.Content.Headers.ContentType?.MediaType ?? "no content type"}', not JSON (a proxy or gateway in between?).",
                    status, jobId: jobId);
            }

            BoundedReadStream? body = null;
            try
            {
                body = await BoundedReadStream.OpenAsync(response.Content, maxResponseBytes).ConfigureAwait(false) ?? throw TooLarge();
                var dto = await JsonSerializer.DeserializeAsync(body, type, cancellationToken).ConfigureAwait(false);
                return map(dto, DateTimeOffset.UtcNow);
            }
            catch (JsonException) when (body is { Exceeded: true })
            {
                throw TooLarge();
            }
            catch (JsonException malformed)
            {
                throw new WriterApiException(WriterErrorKind.InvalidResponse,
                    $"{RequestLog.Describe(request)} answered {status} with JSON this module cannot read: {malformed.Message}", status, jobId: jobId, innerException: malformed);
            }
            catch (WriterApiException invalid) when (invalid.Kind == WriterErrorKind.InvalidResponse && invalid.StatusCode is null)
            {
                throw new WriterApiException(invalid.Kind, invalid.Message, status, jobId: jobId);
            }
            catch (Exception interrupted) when (interrupted is HttpRequestException or System.IO.IOException)
            {
                throw new WriterApiException(WriterErrorKind.ConnectionFailed, $"{RequestLog.Describe(request)}: the connection broke while reading the answer: {interrupted.Message}", jobId: jobId, innerException: interrupted);
            }
            finally
            {
                body?.Dispose();
            }

            WriterApiException TooLarge() => new(WriterErrorKind.InvalidResponse,
                $"{RequestLog.Describe(request)} answered {status} with a body over the {maxResponseBytes:N0}-byte limit; it was not read.", status, jobId: jobId);
        }
    }
}
