using System.Collections.Generic;

namespace WriterJobs.Emulator;

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

    /// <summary>How many distinct names there are before they repeat.</summary>
    public static int Count => Templates.Length;

    /// <summary>The name and inputs of the <paramref name="index"/>th seeded application (from 0).</summary>
    public static (string Name, IReadOnlyList<EmulatorApplicationInput> Inputs) At(int index)
    {
        var template = Templates[index % Templates.Length];
        return (template.Name, template.Inputs);
    }
}
