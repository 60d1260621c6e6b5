using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WriterJobs.Connection;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Help;

/// <summary>
/// Every cmdlet of WriterJobs.dll against its page in docs/en-US: the page exists, follows the platyPS 1.x layout,
/// and documents exactly the cmdlet's parameters with their types, sets, pipeline input and aliases.
/// </summary>
public sealed class HelpPageTests
{
    private const string AllSets = "__AllParameterSets";

    private static readonly string[] ShouldProcessParameters = ["WhatIf", "Confirm"];

    // PowerShell adds these for [Cmdlet(SupportsPaging = true)]; they are not properties of the class.
    private static readonly string[] PagingParameters = ["First", "Skip", "IncludeTotalCount"];

    private static readonly Lazy<IReadOnlyList<CmdletMetadata>> Cmdlets = new(() => CmdletMetadata.Read().Cmdlets);

    private static string Docs => RepositoryFiles.PathOf("docs", "en-US");

    public static TheoryData<string> CmdletNames() => new(Cmdlets.Value.Select(c => c.Name));

    [Fact]
    public void Every_command_page_belongs_to_a_cmdlet_of_the_module()
    {
        var pages = Directory.GetFiles(Docs, "*.md")
            .Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.Ordinal))
            .Select(p => Path.GetFileNameWithoutExtension(p));

        Assert.Subset(Cmdlets.Value.Select(c => c.Name).ToHashSet(), pages.ToHashSet());
        Assert.NotEmpty(Cmdlets.Value);
    }

    /// <summary>
    /// What platyPS reads the page by. The sections and their order are Test-MarkdownCommandHelp's (the Help task), the
    /// synopsis, description, inputs and outputs Help.Tests.ps1's, through Get-Help.
    /// </summary>
    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_page_names_its_cmdlet_and_module_as_platyPS_reads_them(string name)
    {
        var page = Page(name);

        Assert.Equal("cmdlet", page.FrontMatter["document type"]);
        Assert.Equal("WriterJobs", page.FrontMatter["Module Name"]);
        Assert.Equal(name, page.FrontMatter["title"]);
        Assert.Equal(name, page.Title);
        Assert.Contains("CommonParameters", page.SubHeadings["PARAMETERS"]);
    }

    /// <summary>How many examples there are, and what Get-Help shows of them, is Help.Tests.ps1's.</summary>
    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_examples_are_numbered_and_hold_PowerShell_code(string name)
    {
        var examples = Page(name).Examples;

        for (var i = 0; i < examples.Count; i++)
        {
            Assert.StartsWith($"Example {i + 1}: ", examples[i].Title, StringComparison.Ordinal);
            Assert.Contains("powershell", examples[i].CodeLanguages);
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_page_documents_exactly_the_cmdlets_parameters(string name)
    {
        var cmdlet = Cmdlet(name);
        var expected = cmdlet.Parameters.Select(p => p.Name)
            .Concat(cmdlet.SupportsShouldProcess ? ShouldProcessParameters : [])
            .Concat(cmdlet.SupportsPaging ? PagingParameters : [])
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, Page(name).Parameters.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Each_parameter_has_the_right_type_aliases_sets_and_pipeline_input(string name)
    {
        var page = Page(name);
        foreach (var parameter in Cmdlet(name).Parameters)
        {
            var documented = page.Parameters[parameter.Name];

            Assert.Equal(parameter.TypeName, documented.ShortTypeName);
            Assert.Equal(parameter.Aliases.Order(StringComparer.Ordinal), documented.Aliases.Order(StringComparer.Ordinal));
            Assert.Equal(
                parameter.Sets.Select(s => new HelpParameterSet(
                    s.Name == AllSets ? "(All)" : s.Name,
                    s.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Named",
                    s.Mandatory,
                    s.ValueFromPipeline,
                    s.ValueFromPipelineByPropertyName)).OrderBy(s => s.Name, StringComparer.Ordinal),
                documented.Sets.OrderBy(s => s.Name, StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_syntax_shows_each_parameter_set_and_marks_the_default(string name)
    {
        var cmdlet = Cmdlet(name);
        var sets = cmdlet.Parameters.SelectMany(p => p.Sets).Select(s => s.Name).Where(s => s != AllSets).Distinct().ToList();

        // A default set that no parameter names (Get-WriterApplication's All) is a set of its own in PowerShell's syntax.
        if (sets.Count > 0 && cmdlet.DefaultParameterSet is { } defaultSet && !sets.Contains(defaultSet))
        {
            sets.Add(defaultSet);
        }

        var expected = sets.Count == 0
            ? [AllSets]
            : sets.Select(s => s == cmdlet.DefaultParameterSet ? s + " (Default)" : s);

        Assert.Equal(expected.Order(StringComparer.Ordinal), Page(name).SubHeadings["SYNTAX"].Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_outputs_name_each_declared_output_type(string name)
    {
        var outputs = Page(name).SubHeadings["OUTPUTS"];

        foreach (var type in Cmdlet(name).OutputTypes)
        {
            Assert.Contains(type, outputs);
        }
    }

    [Fact]
    public void The_about_topic_covers_connecting_the_emulator_retries_the_variables_and_scheduled_tasks()
    {
        var about = File.ReadAllText(Path.Combine(Docs, "about_WriterJobs.help.md"));

        Assert.StartsWith("# about_WriterJobs", about, StringComparison.Ordinal);
        foreach (var topic in new[]
                 {
                     "## SHORT DESCRIPTION", "## LONG DESCRIPTION", "Connect-Writer", "WriterJobs.Emulator", "Retry-After", "Scheduled tasks",
                     WriterConnectionSettings.ApiKeyVariable, WriterConnectionSettings.BaseUrlVariable, WriterConnectionSettings.MaxRetriesVariable,
                     WriterConnectionSettings.TimeoutVariable, WriterConnectionSettings.RequestsPerMinuteVariable,
                 })
        {
            Assert.Contains(topic, about, StringComparison.Ordinal);
        }
    }

    private static CmdletMetadata Cmdlet(string name) => Cmdlets.Value.Single(c => c.Name == name);

    private static HelpPage Page(string name)
    {
        var path = Path.Combine(Docs, name + ".md");
        Assert.True(File.Exists(path), $"{name} has no help page: {path}");
        return HelpPage.Read(path);
    }
}
