using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WriterJobs.Wire;

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
