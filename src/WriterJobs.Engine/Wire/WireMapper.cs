using System;
using System.Collections.Generic;

namespace WriterJobs.Wire;

/// <summary>Turns wire objects into the public models (jobs, pages, applications), refusing any that lack a required field.</summary>
internal static class WireMapper
{
    public static WriterJob ToJob(JobDto? dto, DateTimeOffset retrievedAt, Guid? requestedId = null)
    {
        if (dto is null)
        {
            throw Invalid("the job body was empty", requestedId);
        }

        return new WriterJob(
            dto.Id ?? throw Invalid("a job had no 'id'", requestedId),
            dto.Status ?? throw Invalid("a job had no 'status'", dto.Id),
            dto.ApplicationId ?? throw Invalid("a job had no 'application_id'", dto.Id),
            dto.CreatedAt ?? throw Invalid("a job had no 'created_at'", dto.Id),
            retrievedAt,
            dto.UpdatedAt,
            dto.CompletedAt,
            dto.Data?.Title,
            dto.Data?.Suggestion,
            dto.Error);
    }

    public static WriterJobAccepted ToAccepted(AcceptedDto? dto, Guid? requestedId)
    {
        if (dto is null)
        {
            throw Invalid("the 202 body was empty", requestedId);
        }

        return new WriterJobAccepted(
            dto.Id ?? throw Invalid("the 202 body had no 'id'", requestedId),
            dto.Status ?? throw Invalid("the 202 body had no 'status'", requestedId),
            dto.CreatedAt ?? throw Invalid("the 202 body had no 'created_at'", requestedId));
    }

    public static WriterJobPage ToPage(PageDto? dto, long requestedOffset, DateTimeOffset retrievedAt)
    {
        if (dto?.Result is null)
        {
            throw Invalid("the job list had no 'result'", null);
        }

        var jobs = new List<WriterJob>(dto.Result.Count);
        foreach (var job in dto.Result)
        {
            jobs.Add(ToJob(job, retrievedAt));
        }

        return new WriterJobPage(jobs, dto.TotalCount, dto.Pagination?.Offset ?? requestedOffset);
    }

    public static WriterApplication ToApplication(ApplicationDto? dto)
    {
        if (dto is null)
        {
            throw Invalid("the application body was empty", null);
        }

        var id = dto.Id ?? throw Invalid("an application had no 'id'", null);
        var inputs = new List<WriterApplicationInput>(dto.Inputs?.Count ?? 0);
        foreach (var input in dto.Inputs ?? new List<ApplicationInputDto>())
        {
            var options = input.Options;
            inputs.Add(new WriterApplicationInput(
                input.Name ?? throw Invalid($"an input of application {id} had no 'name'", null),
                input.InputType ?? string.Empty,
                input.Required ?? false,
                input.Description,
                options?.List,
                options?.MinFields,
                options?.MaxFields,
                options?.FileTypes,
                options?.MaxFiles,
                options?.MaxFileSizeMb,
                options?.MaxWordCount,
                options?.MaxImageSizeMb));
        }

        return new WriterApplication(
            id,
            dto.Name ?? throw Invalid($"application {id} had no 'name'", null),
            dto.Type ?? string.Empty,
            dto.Status ?? string.Empty,
            dto.CreatedAt ?? throw Invalid($"application {id} had no 'created_at'", null),
            dto.UpdatedAt,
            dto.LastDeployedAt,
            inputs);
    }

    public static WriterApplicationPage ToApplicationPage(ApplicationPageDto? dto)
    {
        if (dto?.Data is null)
        {
            throw Invalid("the application list had no 'data'", null);
        }

        var applications = new List<WriterApplication>(dto.Data.Count);
        foreach (var application in dto.Data)
        {
            applications.Add(ToApplication(application));
        }

        // A page without has_more is the last one: better to stop than to ask for pages forever.
        return new WriterApplicationPage(applications, dto.HasMore ?? false);
    }

    private static WriterApiException Invalid(string what, Guid? jobId) =>
        new(WriterErrorKind.InvalidResponse, $"The Writer API sent a response this module cannot read: {what}.", jobId: jobId);
}
