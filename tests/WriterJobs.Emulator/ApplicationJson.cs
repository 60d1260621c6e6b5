using System.Collections.Generic;
using System.Text.Json;

namespace WriterJobs.Emulator;

/// <summary>Applications as the API writes them: snake_case, optional fields left out, each input's options by its type.</summary>
internal static class ApplicationJson
{
    public static string Application(EmulatorApplication application) => WriterJson.Write(writer => Write(writer, application));

    /// <summary>The list's page: <c>{"data": [...], "has_more", "first_id", "last_id"}</c>, the two IDs null on an empty page.</summary>
    public static string Page(IReadOnlyList<EmulatorApplication> page, bool hasMore) => WriterJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var application in page)
        {
            Write(writer, application);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("has_more", hasMore);
        WriteIdOrNull(writer, "first_id", page.Count > 0 ? page[0].Id : null);
        WriteIdOrNull(writer, "last_id", page.Count > 0 ? page[^1].Id : null);
        writer.WriteEndObject();
    });

    private static void WriteIdOrNull(Utf8JsonWriter writer, string name, string? id)
    {
        if (id is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, id);
        }
    }

    private static void Write(Utf8JsonWriter writer, EmulatorApplication application)
    {
        writer.WriteStartObject();
        writer.WriteString("id", application.Id);
        writer.WriteString("name", application.Name);
        writer.WriteString("type", application.Type);
        writer.WriteString("status", application.Status);
        writer.WriteString("created_at", WriterJson.Timestamp(application.CreatedAt));
        writer.WriteString("updated_at", WriterJson.Timestamp(application.UpdatedAt));
        if (application.LastDeployedAt is { } deployed)
        {
            writer.WriteString("last_deployed_at", WriterJson.Timestamp(deployed));
        }

        writer.WriteStartArray("inputs");
        foreach (var input in application.Inputs)
        {
            writer.WriteStartObject();
            writer.WriteString("name", input.Name);
            writer.WriteString("input_type", input.InputType);
            writer.WriteBoolean("required", input.Required);
            if (input.Description is { } description)
            {
                writer.WriteString("description", description);
            }

            writer.WriteStartObject("options");
            WriteOptions(writer, input);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter writer, EmulatorApplicationInput input)
    {
        switch (input.InputType)
        {
            case EmulatorApplicationInput.Dropdown:
                WriteStrings(writer, "list", input.List);
                break;
            case EmulatorApplicationInput.File:
                WriteStrings(writer, "file_types", input.FileTypes);
                writer.WriteNumber("max_files", input.MaxFiles);
                writer.WriteNumber("max_file_size_mb", input.MaxFileSizeMb);
                writer.WriteNumber("max_word_count", input.MaxWordCount);
                WriteStrings(writer, "upload_types", ["url", "file_id"]);
                break;
            case EmulatorApplicationInput.Media:
                WriteStrings(writer, "file_types", input.FileTypes);
                writer.WriteNumber("max_image_size_mb", input.MaxImageSizeMb);
                break;
            default:
                writer.WriteNumber("min_fields", input.MinFields);
                writer.WriteNumber("max_fields", input.MaxFields);
                break;
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
