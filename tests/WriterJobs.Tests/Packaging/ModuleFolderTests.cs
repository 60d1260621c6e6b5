using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Packaging;

/// <summary>The published module folder holds exactly what the module loads, and a manifest fit for the Gallery.</summary>
public sealed class ModuleFolderTests
{
    // The sweep's script sits beside the manifest, so a scheduler finds it at <module folder>/Invoke-WriterJobSweep.ps1.
    private static readonly string[] RootFiles = ["Invoke-WriterJobSweep.ps1", "WriterJobs.dll", "WriterJobs.format.ps1xml", "WriterJobs.psd1"];

    [Fact]
    public void The_root_holds_the_cmdlet_assembly_loader_manifest_format_file_and_sweep_script_only()
    {
        var root = PublishedModule.Files().Where(f => !f.Contains('/', StringComparison.Ordinal)).ToList();

        Assert.Equal(RootFiles.OrderBy(f => f, StringComparer.Ordinal), root);
    }

    [Fact]
    public void Dependencies_hold_the_engine_its_whole_closure_and_the_load_context_and_nothing_else()
    {
        var closure = new SortedSet<string>(StringComparer.Ordinal);
        var unresolved = new SortedSet<string>(StringComparer.Ordinal);
        Walk("WriterJobs.Engine", closure, unresolved);
        var shipped = Directory.GetFiles(PublishedModule.Dependencies).Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(["netstandard"], unresolved);
        Assert.Contains("Microsoft.Extensions.Http", closure);
        Assert.Contains("System.Threading.RateLimiting", closure);
        Assert.Subset(shipped, closure);
        // Beyond what metadata references: the load context, and one assembly the package graph brings along.
        Assert.Equal(["Microsoft.Extensions.Configuration.Abstractions", "WriterJobs.Isolation"], shipped.Except(closure).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_symbols_dependency_manifests_test_leftovers_or_PowerShell_itself()
    {
        var files = PublishedModule.Files();

        Assert.DoesNotContain(files, f => f.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => f.Contains("xunit", StringComparison.OrdinalIgnoreCase) || f.Contains("Test", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("Emulator", StringComparison.OrdinalIgnoreCase) || f.Contains("AspNetCore", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => f.Contains("System.Management.Automation", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("WriterJobs.dll-Help.xml")]
    [InlineData("about_WriterJobs.help.txt")]
    public void The_committed_help_ships_in_en_US(string file)
    {
        var shipped = PublishedModule.PathOf("en-US", file);

        Assert.Equal(File.ReadAllText(RepositoryFiles.PathOf("src", "WriterJobs", "en-US", file)), File.ReadAllText(shipped));
    }

    [Fact]
    public void The_about_topic_is_plain_text_that_fits_80_columns()
    {
        var lines = File.ReadAllLines(PublishedModule.PathOf("en-US", "about_WriterJobs.help.txt"));

        Assert.Equal("TOPIC", lines[0]);
        Assert.DoesNotContain(lines, l => l.StartsWith('#') || l.TrimStart().StartsWith("```", StringComparison.Ordinal) || l.Contains("**", StringComparison.Ordinal));
        // Prose is wrapped; code (indented by eight) keeps its lines as written.
        Assert.DoesNotContain(lines, l => l.Length > 80 && !l.StartsWith("        ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_manifest_is_stamped_with_the_one_version_and_carries_the_gallery_metadata()
    {
        var manifest = File.ReadAllText(PublishedModule.PathOf("WriterJobs.psd1"));

        Assert.Equal(PublishedModule.Version, Value(manifest, "ModuleVersion"));
        foreach (var key in new[] { "Description", "Author", "ProjectUri", "LicenseUri", "ReleaseNotes" })
        {
            Assert.False(string.IsNullOrWhiteSpace(Value(manifest, key)), key + " is empty");
        }

        Assert.Matches(@"Tags\s*=\s*@\('", manifest);
        Assert.DoesNotMatch("NestedModules", manifest);
        Assert.True(File.Exists(PublishedModule.PathOf(Value(manifest, "RootModule"))));
    }

    [Fact]
    public void The_license_is_MIT_at_the_repository_root()
    {
        Assert.StartsWith("MIT License", File.ReadAllText(RepositoryFiles.PathOf("LICENSE")), StringComparison.Ordinal);
    }

    // A PowerShell single-quoted string: '' stands for one quote.
    internal static string Value(string manifest, string key) =>
        Regex.Match(manifest, $@"^\s*{key}\s*=\s*'((?:[^']|'')*)'", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)
            : throw new InvalidOperationException($"The manifest has no {key} = '...'.");

    // Follows references through the Dependencies folder; what is not there must come from the platform.
    private static void Walk(string name, ISet<string> closure, ISet<string> unresolved)
    {
        var path = Path.Combine(PublishedModule.Dependencies, name + ".dll");
        if (!File.Exists(path))
        {
            unresolved.Add(name);
            return;
        }

        if (closure.Add(name))
        {
            foreach (var reference in PublishedModule.References(path))
            {
                Walk(reference, closure, unresolved);
            }
        }
    }
}
