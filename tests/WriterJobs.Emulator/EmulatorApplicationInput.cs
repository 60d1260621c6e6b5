using System.Collections.Generic;

namespace WriterJobs.Emulator;

/// <summary>
/// One input of an application's schema. Which options the API writes depends on the type: text has min_fields and
/// max_fields, dropdown its list, file its types and limits, media its types and image size.
/// </summary>
public sealed record EmulatorApplicationInput(string Name, string InputType, bool Required, string? Description = null)
{
    public const string Text = "text";
    public const string Dropdown = "dropdown";
    public const string File = "file";
    public const string Media = "media";

    /// <summary>The values a dropdown takes (<c>options.list</c>).</summary>
    public IReadOnlyList<string> List { get; init; } = [];

    public int MinFields { get; init; } = 1;

    public int MaxFields { get; init; } = 1;

    public IReadOnlyList<string> FileTypes { get; init; } = [];

    public int MaxFiles { get; init; } = 1;

    public int MaxFileSizeMb { get; init; } = 10;

    public int MaxWordCount { get; init; } = 10_000;

    public int MaxImageSizeMb { get; init; } = 5;
}
