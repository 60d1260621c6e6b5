using System;
using System.Collections.Generic;

namespace WriterJobs;

/// <summary>
/// One input of an application: its name (the ID a job's input is given under), its type, whether a job must give it,
/// and the options of its type; an option the type does not have is null or empty.
/// </summary>
public sealed class WriterApplicationInput
{
    public WriterApplicationInput(
        string name,
        string inputType,
        bool required,
        string? description = null,
        IReadOnlyList<string>? list = null,
        int? minFields = null,
        int? maxFields = null,
        IReadOnlyList<string>? fileTypes = null,
        int? maxFiles = null,
        double? maxFileSizeMb = null,
        int? maxWordCount = null,
        double? maxImageSizeMb = null)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        InputType = inputType ?? string.Empty;
        Required = required;
        Description = description;
        List = list ?? Array.Empty<string>();
        MinFields = minFields;
        MaxFields = maxFields;
        FileTypes = fileTypes ?? Array.Empty<string>();
        MaxFiles = maxFiles;
        MaxFileSizeMb = maxFileSizeMb;
        MaxWordCount = maxWordCount;
        MaxImageSizeMb = maxImageSizeMb;
    }

    public string Name { get; }

    /// <summary>text, dropdown, file or media, in the server's words.</summary>
    public string InputType { get; }

    public bool Required { get; }

    public string? Description { get; }

    /// <summary>The values a dropdown input takes; empty for the other types.</summary>
    public IReadOnlyList<string> List { get; }

    /// <summary>Text: the fewest and most values (fields) the input takes.</summary>
    public int? MinFields { get; }

    public int? MaxFields { get; }

    /// <summary>File and media: the file types taken, such as pdf or png.</summary>
    public IReadOnlyList<string> FileTypes { get; }

    public int? MaxFiles { get; }

    public double? MaxFileSizeMb { get; }

    public int? MaxWordCount { get; }

    public double? MaxImageSizeMb { get; }

    /// <summary>Whether this is a dropdown, whose values must come from <see cref="List"/>.</summary>
    internal bool IsDropdown => string.Equals(InputType, "dropdown", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Name;
}
