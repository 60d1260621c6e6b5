using System;
using System.Collections.Generic;

namespace WriterJobs.Emulator;

/// <summary>One application (no-code agent) as the API shows it; immutable, like <see cref="EmulatorJob"/>.</summary>
public sealed record EmulatorApplication
{
    public const string Deployed = "deployed";
    public const string Draft = "draft";

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Type { get; init; } = "generation";

    /// <summary>deployed or draft; the list shows only deployed ones, a draft is read by its ID.</summary>
    public string Status { get; init; } = Deployed;

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LastDeployedAt { get; init; }

    /// <summary>What a job of the application takes; empty for an application known only by its ID (<c>--applications app-1</c>).</summary>
    public IReadOnlyList<EmulatorApplicationInput> Inputs { get; init; } = [];
}

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

/// <summary>
/// The named applications <c>--applications N</c> seeds, in this order; past the last one the names repeat, as copies
/// of an application do in a real workspace, so a name can be ambiguous. Between them they use every input type.
/// </summary>
internal static class ApplicationCatalog
{
    private static readonly (string Name, EmulatorApplicationInput[] Inputs)[] Templates =
    [
        ("Blog post writer",
        [
            new("topic", EmulatorApplicationInput.Text, true, "What the post is about"),
            new("tone", EmulatorApplicationInput.Dropdown, false, "How it sounds") { List = ["Friendly", "Formal", "Playful"] },
            new("keywords", EmulatorApplicationInput.Text, false, "Words to work in") { MaxFields = 5 },
        ]),
        ("Blog outline",
        [
            new("topic", EmulatorApplicationInput.Text, true, "What the post is about"),
            new("audience", EmulatorApplicationInput.Dropdown, true, "Who reads it") { List = ["Beginners", "Practitioners", "Executives"] },
        ]),
        ("Product description",
        [
            new("product_name", EmulatorApplicationInput.Text, true, "The product's name"),
            new("features", EmulatorApplicationInput.Text, false, "One feature a field") { MaxFields = 10 },
            new("tone", EmulatorApplicationInput.Dropdown, false) { List = ["warm", "short", "formal"] },
        ]),
        ("Release notes",
        [
            new("changes", EmulatorApplicationInput.File, true, "The change log") { FileTypes = ["txt", "md", "pdf"], MaxFiles = 3, MaxWordCount = 20_000 },
            new("product_name", EmulatorApplicationInput.Text, true),
        ]),
        ("Social post",
        [
            new("message", EmulatorApplicationInput.Text, true, "What to announce"),
            new("network", EmulatorApplicationInput.Dropdown, true) { List = ["LinkedIn", "X", "Instagram"] },
            new("image", EmulatorApplicationInput.Media, false, "A picture to describe") { FileTypes = ["png", "jpg"] },
        ]),
        ("Support reply",
        [
            new("ticket_text", EmulatorApplicationInput.Text, true, "The customer's message"),
            new("language", EmulatorApplicationInput.Dropdown, false) { List = ["English", "French", "German", "Spanish"] },
        ]),
        ("Meeting summary",
        [
            new("transcript", EmulatorApplicationInput.File, true) { FileTypes = ["txt", "docx"] },
            new("audience", EmulatorApplicationInput.Dropdown, false) { List = ["Team", "Leadership"] },
        ]),
        ("Email campaign",
        [
            new("product_name", EmulatorApplicationInput.Text, true),
            new("audience", EmulatorApplicationInput.Dropdown, true) { List = ["Customers", "Prospects", "Partners"] },
            new("call_to_action", EmulatorApplicationInput.Text, false),
        ]),
    ];

    /// <summary>The name and inputs of the <paramref name="index"/>th seeded application (from 0).</summary>
    public static (string Name, IReadOnlyList<EmulatorApplicationInput> Inputs) At(int index)
    {
        var template = Templates[index % Templates.Length];
        return (template.Name, template.Inputs);
    }
}
