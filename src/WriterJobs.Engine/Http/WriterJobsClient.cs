using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Wire;

namespace WriterJobs.Http;

/// <summary>
/// The job endpoints of the Writer API, typed, on top of the <see cref="AttemptLoop"/> (the application endpoints are in
/// WriterJobsClient.Applications.cs, the retry and what settles its lost answer in WriterJobsClient.LostAnswers.cs);
/// cheap to create, one per command.
/// </summary>
internal sealed partial class WriterJobsClient
{
    /// <summary>The largest page the client asks for; the API's own maximum.</summary>
    internal const int MaxPageSize = 100;

    private readonly AttemptLoop attempts;
    private readonly AnswerReader answers;
    private readonly string apiRoot;
    private readonly IWriterLog log;
    private readonly RetryPolicy retries;
    private readonly TimeProvider clock;

    internal WriterJobsClient(HttpClient http, WriterConnectionSettings settings, RequestGate gate, ConnectionBreaker breaker, RetryPolicy retries, TimeProvider clock, IWriterLog log)
    {
        attempts = new AttemptLoop(http, settings, gate, breaker, retries, clock, log);
        answers = new AnswerReader(settings);
        this.retries = retries;
        this.clock = clock;
        this.log = log;
        apiRoot = settings.BaseUri.AbsoluteUri.TrimEnd('/') + "/v1/applications/";
    }

    /// <summary>GET /v1/applications/jobs/{id}.</summary>
    public Task<WriterJob> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, JobUrl(jobId), null, WriterJsonContext.Default.JobDto, jobId,
            static (dto, now, id) => WireMapper.ToJob(dto, now, id), cancellationToken);

    /// <summary>
    /// GET /v1/applications/{applicationId}/jobs, one page. A page whose body broke off or does not parse is read again,
    /// at most as often as a failed attempt is retried: reading a page twice does no harm, and a listing of thousands of
    /// jobs should not end on one bad page.
    /// </summary>
    internal async Task<WriterJobPage> GetJobPageAsync(string applicationId, WriterJobStatus? status, long offset, int limit, CancellationToken cancellationToken = default)
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

    /// <summary>POST /v1/applications/{applicationId}/jobs. Never sent twice unless the first surely did not take effect.</summary>
    internal async Task<WriterJobAccepted> CreateJobAsync(string applicationId, IReadOnlyList<WriterJobInput> inputs, CancellationToken cancellationToken = default)
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

    /// <summary>A success whose body broke off, stalled or did not parse; not one over the size limit, nor one that parsed but lacks fields.</summary>
    private static bool IsBrokenBody(WriterApiException exception) =>
        exception.Kind is WriterErrorKind.InvalidResponse or WriterErrorKind.ConnectionFailed or WriterErrorKind.Timeout
        && exception.StatusCode is >= 200 and < 300
        && exception.InnerException is not null;

    private string JobUrl(Guid jobId) => apiRoot + "jobs/" + jobId.ToString("D");

    private string ApplicationJobsUrl(string applicationId)
    {
        if (string.IsNullOrWhiteSpace(applicationId))
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, "An application ID is required.");
        }

        return apiRoot + Uri.EscapeDataString(applicationId) + "/jobs";
    }

    /// <summary>One call: its attempts, then the answer that stands read into <typeparamref name="TResult"/> or an error.</summary>
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
        var last = await attempts.SendAsync(method, url, jsonBody, jobId, ledger, cancellationToken).ConfigureAwait(false);
        using var response = last.Response!;
        return await answers.ReadAsync(response, type, jobId, map, cancellationToken).ConfigureAwait(false);
    }
}
