using System;
using System.Linq;
using System.Text.RegularExpressions;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests;

/// <summary>What PowerShell would bind and show, read from the built assembly with MetadataLoadContext.</summary>
public sealed class CmdletMetadataTests
{
    private static readonly (System.Collections.Generic.IReadOnlyList<CmdletMetadata> Cmdlets, System.Collections.Generic.IReadOnlySet<string> Verbs) Module = CmdletMetadata.Read();

    public static TheoryData<string> CmdletNames => new(Module.Cmdlets.Select(c => c.Name));

    // Get-WriterApplication's -Id is an application's.
    public static TheoryData<string> CmdletsTakingJobIds => new(Module.Cmdlets.Where(c => c.Noun.StartsWith("WriterJob", StringComparison.Ordinal) && c.Parameters.Any(p => p.Name == "Id")).Select(c => c.Name));

    // The budget commands read and write a local file, and send no request.
    public static TheoryData<string> CmdletsSendingRequestsForJobIds => new(Module.Cmdlets.Where(c => c.Parameters.Any(p => p.Name == "Id") && !c.Noun.EndsWith("RetryBudget", StringComparison.Ordinal)).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_uses_an_approved_verb_and_a_singular_Writer_noun(string name)
    {
        var cmdlet = Module.Cmdlets.Single(c => c.Name == name);

        Assert.Contains(cmdlet.Verb, Module.Verbs);
        Assert.StartsWith("Writer", cmdlet.Noun, StringComparison.Ordinal);
        Assert.False(cmdlet.Noun.EndsWith('s'), $"{cmdlet.Noun} should be singular");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_declares_OutputType(string name) =>
        Assert.NotEmpty(Module.Cmdlets.Single(c => c.Name == name).OutputTypes);

    [Theory]
    [MemberData(nameof(CmdletsTakingJobIds))]
    public void Id_takes_strings_bound_from_the_pipeline_with_alias_JobId(string name)
    {
        var id = Module.Cmdlets.Single(c => c.Name == name).Parameter("Id");

        Assert.Equal("String[]", id.TypeName);
        Assert.True(id.ValueFromPipeline);
        Assert.True(id.ValueFromPipelineByPropertyName);
        Assert.Contains("JobId", id.Aliases);
    }

    [Theory]
    [MemberData(nameof(CmdletsSendingRequestsForJobIds))]
    public void Commands_taking_piped_ids_have_ThrottleLimit_and_Unordered(string name)
    {
        var cmdlet = Module.Cmdlets.Single(c => c.Name == name);

        Assert.Equal("Int32", cmdlet.Parameter("ThrottleLimit").TypeName);
        Assert.Equal("SwitchParameter", cmdlet.Parameter("Unordered").TypeName);
    }

    [Fact]
    public void The_core_cmdlets_exist()
    {
        var names = Module.Cmdlets.Select(c => c.Name).ToList();

        Assert.Contains("Get-WriterJob", names);
        Assert.Contains("Invoke-WriterJobRetry", names);
        Assert.Contains("Connect-Writer", names);
    }

    [Fact]
    public void Invoke_WriterJobRetry_supports_ShouldProcess_and_takes_job_objects()
    {
        var retry = Module.Cmdlets.Single(c => c.Name == "Invoke-WriterJobRetry");

        Assert.True(retry.SupportsShouldProcess);
        Assert.Equal("WriterJob[]", retry.Parameter("InputObject").TypeName);
        Assert.True(retry.Parameter("InputObject").ValueFromPipeline);
        Assert.Contains("WriterJobs.WriterJobRetryResult", retry.OutputTypes);
    }

    [Fact]
    public void Connect_Writer_takes_the_key_only_as_a_SecureString()
    {
        var connect = Module.Cmdlets.Single(c => c.Name == "Connect-Writer");

        Assert.Equal("SecureString", connect.Parameter("ApiKey").TypeName);
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_of_the_assembly()
    {
        var manifest = System.IO.File.ReadAllText(RepositoryFiles.PathOf("WriterJobs.psd1"));
        var block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)").Groups["list"].Value;
        var exported = Regex.Matches(block, @"'([^']+)'").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(Module.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal), exported);
    }

    [Fact]
    public void The_manifest_declares_both_editions_the_format_file_and_where_updated_help_is()
    {
        var manifest = System.IO.File.ReadAllText(RepositoryFiles.PathOf("WriterJobs.psd1"));

        Assert.Matches(@"RootModule\s*=\s*'WriterJobs.dll'", manifest);
        Assert.Matches(@"PowerShellVersion\s*=\s*'5.1'", manifest);
        Assert.Matches(@"CompatiblePSEditions\s*=\s*@\('Desktop',\s*'Core'\)", manifest);
        Assert.Matches(@"FormatsToProcess\s*=\s*@\('WriterJobs.format.ps1xml'\)", manifest);
        Assert.Matches(@"FunctionsToExport\s*=\s*@\(\)", manifest);
        Assert.Matches(@"HelpInfoUri\s*=\s*'https://raw\.githubusercontent\.com/writerjobs/WriterJobs/main/docs/en-US/'", manifest);
    }
}
