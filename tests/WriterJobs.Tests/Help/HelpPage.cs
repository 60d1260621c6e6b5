using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace WriterJobs.Tests.Help;

/// <summary>
/// One command-help page in the platyPS 1.x markdown schema, parsed with Markdig: the front matter, the
/// level-2 sections in order, the syntax sets, the examples and each parameter's yaml block.
/// </summary>
internal sealed class HelpPage
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private HelpPage(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, string> FrontMatter { get; private set; } = new Dictionary<string, string>();

    public string? Title { get; private set; }

    /// <summary>The level-3 headings of each level-2 section.</summary>
    public Dictionary<string, List<string>> SubHeadings { get; } = new(StringComparer.Ordinal);

    /// <summary>Each example's title and the language of the code blocks under it.</summary>
    public List<(string Title, List<string> CodeLanguages)> Examples { get; } = new();

    public Dictionary<string, HelpParameter> Parameters { get; } = new(StringComparer.Ordinal);

    public static HelpPage Read(string path)
    {
        var page = new HelpPage(path);
        page.Parse(Markdown.Parse(File.ReadAllText(path), Pipeline));
        return page;
    }

    private void Parse(MarkdownDocument document)
    {
        string? section = null;
        string? heading = null;
        foreach (var block in document)
        {
            switch (block)
            {
                case YamlFrontMatterBlock yaml:
                    FrontMatter = yaml.Lines.Lines.Select(l => l.ToString()).Where(l => l.Contains(':', StringComparison.Ordinal))
                        .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
                    break;
                case HeadingBlock { Level: 1 } h1:
                    Title = TextOf(h1);
                    break;
                case HeadingBlock { Level: 2 } h2:
                    section = TextOf(h2);
                    heading = null;
                    SubHeadings[section] = new List<string>();
                    break;
                case HeadingBlock { Level: 3 } h3 when section is not null:
                    heading = TextOf(h3);
                    SubHeadings[section].Add(heading);
                    if (section == "EXAMPLES")
                    {
                        Examples.Add((heading, new List<string>()));
                    }

                    break;
                case FencedCodeBlock code when section == "EXAMPLES" && heading is not null:
                    Examples[^1].CodeLanguages.Add(code.Info ?? "");
                    break;
                case FencedCodeBlock { Info: "yaml" } code when section == "PARAMETERS" && heading is not null && heading.StartsWith('-'):
                    Parameters[heading[1..]] = HelpParameter.FromYaml(heading[1..], code.Lines.Lines.Select(l => l.ToString()));
                    break;
            }
        }
    }

    private static string TextOf(LeafBlock block) =>
        block.Inline is null ? "" : string.Concat(block.Inline.Descendants<LiteralInline>().Select(l => l.Content.ToString())).Trim();
}
