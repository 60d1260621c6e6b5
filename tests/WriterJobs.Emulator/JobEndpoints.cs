using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WriterJobs.Emulator;

/// <summary>The four Writer jobs endpoints, plus a Writer-shaped 404 for every other path.</summary>
internal static class JobEndpoints
{
    public const string JobIdRouteKey = "jobId";

    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public static void Map(IEndpointRouteBuilder routes, EmulatorJobStore store, EmulatorApplicationStore applications, EmulatorOptions options)
    {
        routes.MapGet("/v1/applications/jobs/{jobId}", (string jobId) => GetJob(store, jobId))
            .WithMetadata(new EndpointTag(EmulatorEndpoint.GetJob));
        routes.MapPost("/v1/applications/jobs/{jobId}/retry", (string jobId) => RetryJob(store, jobId, options.NotFailedRetryStatus))
            .WithMetadata(new EndpointTag(EmulatorEndpoint.RetryJob));
        routes.MapGet("/v1/applications/{applicationId}/jobs", (string applicationId, HttpRequest request) =>
                applications.Find(applicationId) is null ? ApplicationEndpoints.NotFound(applicationId) : ListJobs(store, applicationId, request.Query))
            .WithMetadata(new EndpointTag(EmulatorEndpoint.ListJobs));
        routes.MapPost("/v1/applications/{applicationId}/jobs", (string applicationId, HttpRequest request) =>
                applications.Find(applicationId) is { } application ? CreateJobAsync(store, application, request) : Task.FromResult(ApplicationEndpoints.NotFound(applicationId)))
            .WithMetadata(new EndpointTag(EmulatorEndpoint.CreateJob));
        routes.MapFallback((HttpRequest request) =>
            WriterErrors.Result(StatusCodes.Status404NotFound, $"No route for {request.Method} {request.Path}."));
    }

    /// <summary>The job ID of the request's route, when it has a valid one.</summary>
    public static Guid? RouteJobId(HttpContext context) =>
        Guid.TryParse(context.GetRouteValue(JobIdRouteKey) as string, out var id) ? id : null;

    private static IResult GetJob(EmulatorJobStore store, string jobId)
    {
        if (!Guid.TryParse(jobId, out var id))
        {
            return InvalidJobId(jobId);
        }

        return store.Find(id) switch
        {
            null => NotFound(id),
            { Gone: true } => Gone(id),
            { RawBody: { } raw, RawContentType: { } contentType } => Results.Text(raw, contentType, statusCode: StatusCodes.Status200OK),
            var job => WireJson.Result(StatusCodes.Status200OK, new JobBody(job), WireJson.Api.JobBody),
        };
    }

    private static IResult RetryJob(EmulatorJobStore store, string jobId, int notFailedStatus)
    {
        if (!Guid.TryParse(jobId, out var id))
        {
            return InvalidJobId(jobId);
        }

        return store.Retry(id, out var job) switch
        {
            RetryOutcome.Accepted => WireJson.Result(StatusCodes.Status202Accepted, new AcceptedBody(job!), WireJson.Api.AcceptedBody),
            RetryOutcome.Gone => Gone(id),
            RetryOutcome.NotFailed => WriterErrors.Result(
                notFailedStatus,
                $"Only a failed job can be retried; job {id} is {job!.Status}.",
                notFailedStatus == StatusCodes.Status400BadRequest ? "fail.job.notFailed" : null),
            _ => NotFound(id),
        };
    }

    private static IResult ListJobs(EmulatorJobStore store, string applicationId, IQueryCollection query)
    {
        string? status = query["status"];
        if (string.IsNullOrEmpty(status))
        {
            status = null;
        }
        else if (!JobStatus.IsKnown(status))
        {
            return BadRequest($"Unknown status '{status}'; use in_progress, failed or completed.");
        }

        long offset = 0;
        if (query.ContainsKey("offset") && (!long.TryParse(query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            return BadRequest("offset must be a whole number of 0 or more.");
        }

        var limit = DefaultLimit;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return BadRequest($"limit must be a whole number from 1 to {MaxLimit}.");
        }

        var (page, total) = store.List(applicationId, status, offset, limit);
        return WireJson.Result(StatusCodes.Status200OK, new JobPage(page.Select(job => new JobBody(job)).ToList(), total, new Pagination(offset, limit)), WireJson.Api.JobPage);
    }

    private static async Task<IResult> CreateJobAsync(EmulatorJobStore store, EmulatorApplication application, HttpRequest request)
    {
        CreateJobBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, WireJson.Api.CreateJobBody, request.HttpContext.RequestAborted);
        }
        catch (JsonException problem)
        {
            return BadRequest($"The request body is not a job's inputs: {problem.Message}");
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's MaxRequestBodySize (WriterEmulator), told in Writer's error shape.
            return WriterErrors.Result(tooLarge.StatusCode, tooLarge.Message);
        }

        if (body?.Inputs is not { Count: > 0 } inputs || inputs.Any(input => string.IsNullOrWhiteSpace(input.Id)))
        {
            return WriterErrors.Result(StatusCodes.Status422UnprocessableEntity, "The request needs a non-empty 'inputs' array, each input with a non-empty 'id'.");
        }

        return ApplicationInputRules.Problem(application, inputs) is { } refusal
            ? BadRequest(refusal)
            : WireJson.Result(StatusCodes.Status202Accepted, new AcceptedBody(store.Create(application.Id, inputs)), WireJson.Api.AcceptedBody);
    }

    private static IResult BadRequest(string description) =>
        WriterErrors.Result(StatusCodes.Status400BadRequest, description);

    private static IResult InvalidJobId(string jobId) => BadRequest($"'{jobId}' is not a valid job ID (a UUID).");

    private static IResult NotFound(Guid id) => WriterErrors.Result(StatusCodes.Status404NotFound, $"Job {id} was not found.");

    private static IResult Gone(Guid id) => WriterErrors.Result(StatusCodes.Status410Gone, $"Job {id} is gone.");
}

/// <summary>Route metadata naming the endpoint, so the middleware can pick its fault profile and counter.</summary>
internal sealed record EndpointTag(EmulatorEndpoint Endpoint);
