using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

/// <summary>Source-generated serializers: no reflection and no per-call options at run time.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobDto))]
[JsonSerializable(typeof(AcceptedDto))]
[JsonSerializable(typeof(PageDto))]
[JsonSerializable(typeof(ErrorBodyDto))]
[JsonSerializable(typeof(CreateJobRequestDto))]
[JsonSerializable(typeof(ApplicationDto))]
[JsonSerializable(typeof(ApplicationPageDto))]
internal sealed partial class WriterJsonContext : JsonSerializerContext
{
}

/// <summary>A job as it travels; required fields are nullable here so a missing one is reported, not defaulted.</summary>
internal sealed class JobDto
{
    [JsonPropertyName("id")]
    public Guid? Id { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("application_id")]
    public string? ApplicationId { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; set; }

    [JsonPropertyName("completed_at")]
    public DateTimeOffset? CompletedAt { get; set; }

    [JsonPropertyName("data")]
    public JobDataDto? Data { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

internal sealed class JobDataDto
{
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("suggestion")]
    public string? Suggestion { get; set; }
}

internal sealed class PageDto
{
    [JsonPropertyName("result")]
    public List<JobDto>? Result { get; set; }

    // The API spells this one in camelCase.
    [JsonPropertyName("totalCount")]
    public long? TotalCount { get; set; }

    [JsonPropertyName("pagination")]
    public PaginationDto? Pagination { get; set; }
}

internal sealed class PaginationDto
{
    [JsonPropertyName("offset")]
    public long? Offset { get; set; }

    [JsonPropertyName("limit")]
    public long? Limit { get; set; }
}

/// <summary>The 202 body of retry and create.</summary>
internal sealed class AcceptedDto
{
    [JsonPropertyName("id")]
    public Guid? Id { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }
}

internal sealed class CreateJobRequestDto
{
    [JsonPropertyName("inputs")]
    public List<CreateJobInputDto> Inputs { get; set; } = new();
}

internal sealed class CreateJobInputDto
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("value")]
    public IReadOnlyList<string> Value { get; set; } = new List<string>();
}

/// <summary>Writer's error body: <c>{"tpe": "...", "errors": [{"description": "...", "key": "..."}]}</c>.</summary>
internal sealed class ErrorBodyDto
{
    [JsonPropertyName("tpe")]
    public string? Type { get; set; }

    [JsonPropertyName("errors")]
    public List<ErrorEntryDto>? Errors { get; set; }
}

internal sealed class ErrorEntryDto
{
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("key")]
    public string? Key { get; set; }
}

/// <summary>An application as it travels; required fields are nullable here so a missing one is reported, not defaulted.</summary>
internal sealed class ApplicationDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; set; }

    [JsonPropertyName("last_deployed_at")]
    public DateTimeOffset? LastDeployedAt { get; set; }

    [JsonPropertyName("inputs")]
    public List<ApplicationInputDto>? Inputs { get; set; }
}

internal sealed class ApplicationInputDto
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("input_type")]
    public string? InputType { get; set; }

    [JsonPropertyName("required")]
    public bool? Required { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("options")]
    public ApplicationInputOptionsDto? Options { get; set; }
}

/// <summary>
/// The options of every input type in one object: text (min_fields, max_fields), dropdown (list), file (file_types,
/// max_files, max_file_size_mb, max_word_count, upload_types) and media (file_types, max_image_size_mb).
/// </summary>
internal sealed class ApplicationInputOptionsDto
{
    [JsonPropertyName("min_fields")]
    public int? MinFields { get; set; }

    [JsonPropertyName("max_fields")]
    public int? MaxFields { get; set; }

    [JsonPropertyName("list")]
    public List<string>? List { get; set; }

    [JsonPropertyName("file_types")]
    public List<string>? FileTypes { get; set; }

    [JsonPropertyName("max_files")]
    public int? MaxFiles { get; set; }

    [JsonPropertyName("max_file_size_mb")]
    public double? MaxFileSizeMb { get; set; }

    [JsonPropertyName("max_word_count")]
    public int? MaxWordCount { get; set; }

    [JsonPropertyName("max_image_size_mb")]
    public double? MaxImageSizeMb { get; set; }
}

internal sealed class ApplicationPageDto
{
    [JsonPropertyName("data")]
    public List<ApplicationDto>? Data { get; set; }

    [JsonPropertyName("has_more")]
    public bool? HasMore { get; set; }

    [JsonPropertyName("first_id")]
    public string? FirstId { get; set; }

    [JsonPropertyName("last_id")]
    public string? LastId { get; set; }
}
