using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WriterJobs.Emulator;

/// <summary>GET /v1/applications (cursor pages of the deployed applications) and GET /v1/applications/{id}.</summary>
internal static class ApplicationEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public static void Map(IEndpointRouteBuilder routes, EmulatorApplicationStore applications)
    {
        routes.MapGet("/v1/applications", (HttpRequest request) => List(applications, request.Query))
            .WithMetadata(new EndpointTag(EmulatorEndpoint.ListApplications));
        routes.MapGet("/v1/applications/{applicationId}", (string applicationId) =>
                applications.Find(applicationId) is { } application ? WireJson.Result(StatusCodes.Status200OK, new ApplicationBody(application), WireJson.Api.ApplicationBody) : NotFound(applicationId))
            .WithMetadata(new EndpointTag(EmulatorEndpoint.GetApplication));
    }

    /// <summary>The 404 of an application the emulator does not have, for its own endpoints and its jobs'.</summary>
    public static IResult NotFound(string applicationId) =>
        WriterErrors.Result(StatusCodes.Status404NotFound, $"Application {applicationId} was not found.");

    private static IResult List(EmulatorApplicationStore applications, IQueryCollection query)
    {
        var limit = DefaultLimit;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return BadRequest($"limit must be a whole number from 1 to {MaxLimit}.");
        }

        string? order = query["order"];
        if (order is not (null or "" or "asc" or "desc"))
        {
            return BadRequest($"Unknown order '{order}'; use asc or desc.");
        }

        string? after = Given(query["after"]);
        string? before = Given(query["before"]);
        if (after is not null && before is not null)
        {
            return BadRequest("Give after or before, not both.");
        }

        // Newest first unless asked otherwise.
        var page = applications.Page(after, before, limit, descending: order != "asc", type: Given(query["type"]));
        return page is { } found
            ? WireJson.Result(StatusCodes.Status200OK, Page(found.Page, found.HasMore), WireJson.Api.ApplicationPage)
            : BadRequest($"'{after ?? before}' is not the ID of an application of this list.");
    }

    private static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static ApplicationPage Page(IReadOnlyList<EmulatorApplication> page, bool hasMore) =>
        new(page.Select(application => new ApplicationBody(application)).ToList(), hasMore, page.Count > 0 ? page[0].Id : null, page.Count > 0 ? page[^1].Id : null);

    private static IResult BadRequest(string description) => WriterErrors.Result(StatusCodes.Status400BadRequest, description);
}

/// <summary>
/// What the emulator refuses in a create request for an application with an input schema: an input it does not have,
/// a required one left out, a dropdown value not in its list. An application without a schema takes anything.
/// </summary>
internal static class ApplicationInputRules
{
    /// <summary>What is wrong with the request's inputs, or null when the application takes them.</summary>
    public static string? Problem(EmulatorApplication application, IReadOnlyList<JobInput> inputs)
    {
        if (application.Inputs.Count == 0)
        {
            return null;
        }

        var names = string.Join(", ", application.Inputs.Select(input => input.Name));
        foreach (var given in inputs)
        {
            var input = application.Inputs.FirstOrDefault(input => input.Name == given.Id);
            if (input is null)
            {
                return $"Application {application.Id} has no input '{given.Id}'; its inputs are {names}.";
            }

            if (input.InputType == EmulatorApplicationInput.Dropdown && given.Value.FirstOrDefault(value => !input.List.Contains(value, StringComparer.Ordinal)) is { } stray)
            {
                return $"Input '{input.Name}' takes one of {string.Join(", ", input.List)}, not '{stray}'.";
            }
        }

        var missing = application.Inputs.Where(input => input.Required && !inputs.Any(given => given.Id == input.Name)).Select(input => input.Name).ToList();
        return missing.Count == 0 ? null : $"Application {application.Id} requires the input(s) {string.Join(", ", missing)}.";
    }
}
