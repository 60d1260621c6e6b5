using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace WriterJobs.Emulator;

/// <summary>
/// The API's JSON bodies, source-generated from the records below: snake_case, nulls left out unless a field says so,
/// timestamps as the API writes them.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobBody))]
[JsonSerializable(typeof(AcceptedBody))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ApplicationBody))]
[JsonSerializable(typeof(ApplicationPage))]
[JsonSerializable(typeof(CreateJobBody))]
internal sealed partial class WireJson : JsonSerializerContext
{
    /// <summary>
    /// The attribute's options, and an encoder no attribute can name: the API is JSON only, never embedded in HTML, so
    /// '+', '&lt;' and quotes are written as themselves.
    /// </summary>
    public static WireJson Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // A create body missing an input's value, or with a null where a string belongs, is refused as the API would.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    });

    /// <summary>A JSON answer with this status, typed as the API types its answers.</summary>
    public static IResult Result<T>(int statusCode, T body, JsonTypeInfo<T> type) =>
        Results.Text(JsonSerializer.SerializeToUtf8Bytes(body, type), "application/json; charset=utf-8", statusCode);

    /// <summary>ISO 8601 with milliseconds and an explicit offset, e.g. 2026-11-23T18:00:00.123+00:00.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? Timestamp(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}

/// <summary>The emulator's own read-outs and control bodies, for tests: camelCase, nulls written, times round-trip.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EmulatorJob))]
[JsonSerializable(typeof(IReadOnlyList<Guid>))]
[JsonSerializable(typeof(IReadOnlyList<RecordedRequest>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(RetryTotals))]
[JsonSerializable(typeof(NewJob))]
[JsonSerializable(typeof(ProfileBody))]
[JsonSerializable(typeof(ForcedStatusBody))]
internal sealed partial class ControlJson : JsonSerializerContext;

internal sealed record JobBody(Guid Id, string Status, string ApplicationId, string CreatedAt, string? UpdatedAt, string? CompletedAt, JobData? Data, string? Error)
{
    public JobBody(EmulatorJob job)
        : this(
            job.Id,
            job.Status,
            job.ApplicationId,
            WireJson.Timestamp(job.CreatedAt),
            WireJson.Timestamp(job.UpdatedAt),
            WireJson.Timestamp(job.CompletedAt),
            job.Suggestion is { } suggestion ? new JobData(job.Title, suggestion) : null,
            job.Error)
    {
    }
}

internal sealed record JobData(string? Title, string Suggestion);

/// <summary>The body of a create request: <c>{"inputs": [{"id": "topic", "value": ["..."]}]}</c>.</summary>
internal sealed record CreateJobBody(IReadOnlyList<JobInput> Inputs);

internal sealed record JobInput(string Id, IReadOnlyList<string> Value);

/// <summary>The 202 body of create and retry.</summary>
internal sealed record AcceptedBody(Guid Id, string Status, string CreatedAt)
{
    public AcceptedBody(EmulatorJob job)
        : this(job.Id, job.Status, WireJson.Timestamp(job.CreatedAt))
    {
    }
}

internal sealed record JobPage(IReadOnlyList<JobBody> Result, [property: JsonPropertyName("totalCount")] long TotalCount, Pagination Pagination);

internal sealed record Pagination(long Offset, int Limit);

/// <summary>Writer's error shape: <c>{"tpe", "errors": [{"description", "key", "extras"}], "extras"}</c>.</summary>
internal sealed record ErrorBody(string Tpe, IReadOnlyList<ErrorEntry> Errors, Extras Extras);

internal sealed record ErrorEntry(string Description, string Key, Extras Extras);

/// <summary>Always <c>{}</c> here.</summary>
internal sealed record Extras
{
    public static Extras None { get; } = new();
}

/// <summary>An application; each input's options are those of its type.</summary>
internal sealed record ApplicationBody(string Id, string Name, string Type, string Status, string CreatedAt, string UpdatedAt, string? LastDeployedAt, IReadOnlyList<InputBody> Inputs)
{
    public ApplicationBody(EmulatorApplication application)
        : this(
            application.Id,
            application.Name,
            application.Type,
            application.Status,
            WireJson.Timestamp(application.CreatedAt),
            WireJson.Timestamp(application.UpdatedAt),
            WireJson.Timestamp(application.LastDeployedAt),
            application.Inputs.Select(input => new InputBody(input.Name, input.InputType, input.Required, input.Description, InputOptions.Of(input))).ToList())
    {
    }
}

internal sealed record InputBody(string Name, string InputType, bool Required, string? Description, InputOptions Options);

/// <summary>Declared in the order the API writes them, so each type's options come out in its order.</summary>
internal sealed record InputOptions(
    IReadOnlyList<string>? List = null,
    IReadOnlyList<string>? FileTypes = null,
    int? MaxFiles = null,
    int? MaxFileSizeMb = null,
    int? MaxWordCount = null,
    IReadOnlyList<string>? UploadTypes = null,
    int? MaxImageSizeMb = null,
    int? MinFields = null,
    int? MaxFields = null)
{
    public static InputOptions Of(EmulatorApplicationInput input) => input.InputType switch
    {
        EmulatorApplicationInput.Dropdown => new(List: input.List),
        EmulatorApplicationInput.File => new(FileTypes: input.FileTypes, MaxFiles: input.MaxFiles, MaxFileSizeMb: input.MaxFileSizeMb, MaxWordCount: input.MaxWordCount, UploadTypes: ["url", "file_id"]),
        EmulatorApplicationInput.Media => new(FileTypes: input.FileTypes, MaxImageSizeMb: input.MaxImageSizeMb),
        _ => new(MinFields: input.MinFields, MaxFields: input.MaxFields),
    };
}

/// <summary>The list's page; the two IDs are null, and written, on an empty page.</summary>
internal sealed record ApplicationPage(
    IReadOnlyList<ApplicationBody> Data,
    bool HasMore,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FirstId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LastId);

/// <summary>POST /_emulator/control/jobs: a job to add (<see cref="EmulatorJobStore.Add"/>).</summary>
internal sealed record NewJob(string ApplicationId, string Status, string? Error);

/// <summary>A fault profile in a control call: <c>{"latencyMs": 0, "faultRate": 0.2, "mix": {"TooManyRequests": 1}}</c>.</summary>
internal sealed record ProfileBody(double LatencyMs, double FaultRate, Dictionary<FaultKind, double> Mix)
{
    public FaultProfile ToProfile() => new() { Latency = TimeSpan.FromMilliseconds(LatencyMs), FaultRate = FaultRate, Mix = Mix };
}

/// <summary>A forced status in a control call: <c>{"status": 503, "jobId": null, "count": 2}</c>.</summary>
internal sealed record ForcedStatusBody(int Status, Guid? JobId, int Count = int.MaxValue);

/// <summary>Responses in Writer's error shape: <c>{"tpe", "errors": [{"description", "key", "extras"}], "extras"}</c>.</summary>
internal static class WriterErrors
{
    // The second part of each key; Writer's only confirmed key is fail.notFound.resource.
    private static readonly Dictionary<int, string> KeyDetails = new()
    {
        [StatusCodes.Status400BadRequest] = "invalid",
        [StatusCodes.Status401Unauthorized] = "apiKey",
        [StatusCodes.Status403Forbidden] = "permission",
        [StatusCodes.Status404NotFound] = "resource",
        [StatusCodes.Status409Conflict] = "state",
        [StatusCodes.Status410Gone] = "resource",
        [StatusCodes.Status413PayloadTooLarge] = "body",
        [StatusCodes.Status422UnprocessableEntity] = "validation",
        [StatusCodes.Status429TooManyRequests] = "quota",
    };

    /// <param name="key">The entry's key; by default fail.{tpe}.{detail}, e.g. fail.notFound.resource.</param>
    public static IResult Result(int statusCode, string description, string? key = null)
    {
        var tpe = Tpe(statusCode);
        key ??= $"fail.{char.ToLowerInvariant(tpe[0])}{tpe[1..]}.{KeyDetails.GetValueOrDefault(statusCode, "server")}";
        return WireJson.Result(statusCode, new ErrorBody(tpe, [new ErrorEntry(description, key, Extras.None)], Extras.None), WireJson.Api.ErrorBody);
    }

    /// <summary>A 429 that tells the client when to come back, in both headers the SDKs read.</summary>
    public static IResult TooManyRequests(HttpResponse response, TimeSpan wait, string description)
    {
        response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.Headers["retry-after-ms"] = Math.Ceiling(wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return Result(StatusCodes.Status429TooManyRequests, description);
    }

    // "Not Found" -> "NotFound", as in Writer's tpe.
    private static string Tpe(int statusCode)
    {
        var phrase = ReasonPhrases.GetReasonPhrase(statusCode);
        return phrase.Length == 0 ? "Error" : phrase.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
    }
}
