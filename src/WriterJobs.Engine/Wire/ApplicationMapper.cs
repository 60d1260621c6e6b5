using System.Collections.Generic;

namespace WriterJobs.Wire;

/// <summary>Turns application wire objects into <see cref="WriterApplication"/>, refusing any that lack a required field.</summary>
internal static class ApplicationMapper
{
    public static WriterApplication ToApplication(ApplicationDto? dto)
    {
        if (dto is null)
        {
            throw Invalid("the application body was empty");
        }

        var id = dto.Id ?? throw Invalid("an application had no 'id'");
        var inputs = new List<WriterApplicationInput>(dto.Inputs?.Count ?? 0);
        foreach (var input in dto.Inputs ?? new List<ApplicationInputDto>())
        {
            var options = input.Options;
            inputs.Add(new WriterApplicationInput(
                input.Name ?? throw Invalid($"an input of application {id} had no 'name'"),
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
            dto.Name ?? throw Invalid($"application {id} had no 'name'"),
            dto.Type ?? string.Empty,
            dto.Status ?? string.Empty,
            dto.CreatedAt ?? throw Invalid($"application {id} had no 'created_at'"),
            dto.UpdatedAt,
            dto.LastDeployedAt,
            inputs);
    }

    public static WriterApplicationPage ToPage(ApplicationPageDto? dto)
    {
        if (dto?.Data is null)
        {
            throw Invalid("the application list had no 'data'");
        }

        var applications = new List<WriterApplication>(dto.Data.Count);
        foreach (var application in dto.Data)
        {
            applications.Add(ToApplication(application));
        }

        // A page without has_more is the last one: better to stop than to ask for pages forever.
        return new WriterApplicationPage(applications, dto.HasMore ?? false);
    }

    private static WriterApiException Invalid(string what) =>
        new(WriterErrorKind.InvalidResponse, $"The Writer API sent a response this module cannot read: {what}.");
}
