using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Creating;
using WriterJobs.Output;
using WriterJobs.Retry;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests;

/// <summary>
/// The engine's messages state the fact and never name a cmdlet or a parameter; where the user can do something, the
/// exception names a <see cref="WriterAdvice"/>, and only the cmdlet layer words it in PowerShell's terms.
/// </summary>
public sealed partial class EngineMessageTests
{
    /// <summary>Every -Parameter (aliases and PowerShell's paging and ShouldProcess ones included) and every command name of the module.</summary>
    private static readonly IReadOnlyList<string> CmdletWords = ReadCmdletWords();

    // By name: WriterAdvice is internal, and a public test method cannot take it.
    public static TheoryData<string> Advices => new(Enum.GetNames<WriterAdvice>().Where(name => name != nameof(WriterAdvice.None)));

    [Fact]
    public void No_string_literal_of_the_engine_names_a_cmdlet_or_a_parameter()
    {
        var engine = RepositoryFiles.PathOf("src", "WriterJobs.Engine");
        var found = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(engine, path))
            .SelectMany(path => Literals(File.ReadAllText(path)).Select(literal => (File: Path.GetRelativePath(engine, path), Literal: literal)))
            .Where(x => Named(x.Literal).Any())
            .Select(x => $"{x.File}: {x.Literal} ({string.Join(", ", Named(x.Literal))})")
            .ToList();

        Assert.True(Literals(File.ReadAllText(Path.Combine(engine, "Connection", "WriterConnectionSettings.cs"))).Count() > 10, "the scan found no literals");
        Assert.Empty(found);
    }

    [Fact]
    public void The_scan_would_catch_the_old_wordings()
    {
        const string source = """
            // A comment may name -Force.
            throw Invalid("Give at least one input, e.g. -Input @{ product_name = 'Lamp' }.");
            log.Warning($"Job {id} is {status}, not failed: not retried. Use -Force to retry it anyway.");
            var key = $"No key. Run 'Connect-Writer -ApiKey (Read-Host -AsSecureString)'.";
            """;

        var named = Literals(source).SelectMany(Named).ToList();

        Assert.Equal(new[] { "-Input", "-Force", "Connect-Writer", "-ApiKey" }, named);
    }

    [Fact]
    public void A_missing_key_states_the_fact_and_the_cmdlet_adds_how_to_give_one()
    {
        var settings = EmulatorScope.Settings(new Uri("http://127.0.0.1:9/"), "x");
        settings.ApiKey = null;

        var error = Assert.Throws<WriterApiException>(() => WriterConnection.Open(settings));

        AssertFactOnly(error.Message);
        Assert.Contains(WriterConnectionSettings.ApiKeyVariable, error.Message, StringComparison.Ordinal);
        Assert.Equal(WriterAdvice.GiveApiKey, error.Advice);
        var details = ErrorMapping.Details(error)!.Value;
        Assert.Contains("Connect-Writer -ApiKey", details.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal($"{error.Message} {details.RecommendedAction}", details.Message);
    }

    [Fact]
    public async Task A_refused_key_states_the_fact_and_the_cmdlet_adds_what_to_check()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1);
        using var connection = scope.Connect(s => s.ApiKey = SecretText.Protect("wrong-key"));

        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient().GetJobAsync(scope.Store.Ids()[0]));

        AssertFactOnly(error.Message);
        Assert.Equal(WriterErrorKind.Unauthorized, error.Kind);
        Assert.Equal(WriterAdvice.CheckApiKey, error.Advice);
        Assert.Contains("Connect-Writer -ApiKey", ErrorMapping.Details(error)!.Value.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void No_input_states_the_fact_and_the_cmdlet_adds_how_to_give_one()
    {
        var error = Assert.Throws<WriterApiException>(() => WriterJobInputs.FromDictionary(new Hashtable()));

        AssertFactOnly(error.Message);
        Assert.Equal(WriterAdvice.GiveInput, error.Advice);
        Assert.Contains("-Inputs @{", ErrorMapping.Details(error)!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_without_advice_keeps_the_exception_message_alone()
    {
        Assert.Null(ErrorMapping.Details(new WriterApiException(WriterErrorKind.NotFound, "Job x was not found (404).")));
        Assert.Null(ErrorMapping.Details(new InvalidOperationException("not the engine's")));
    }

    [Fact]
    public async Task A_skip_states_the_fact_and_only_the_cmdlets_wording_names_Force()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var id = scope.Store.Add("app-1", "completed").Id;

        var plain = await new WriterJobRetrier(scope.Client, scope.Log, WriterJobRetrier.DefaultMaxStatusAge, force: false)
            .RetryAsync(new WriterJobRequest(id, null), default);
        var advised = await new WriterJobRetrier(scope.Client, scope.Log, WriterJobRetrier.DefaultMaxStatusAge, force: false) { Advise = ErrorMapping.Advice }
            .RetryAsync(new WriterJobRequest(id, null), default);

        Assert.Equal($"Job {id} is completed, not failed: not retried.", plain.Message);
        AssertFactOnly(plain.Message);
        Assert.Equal($"{plain.Message} Use -Force to retry it anyway.", advised.Message);
        Assert.Equal(new[] { "WARNING: " + plain.Message, "WARNING: " + advised.Message }, scope.Log.Lines.Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Advices))]
    public void The_cmdlet_layer_words_every_advice(string advice) =>
        Assert.False(string.IsNullOrWhiteSpace(ErrorMapping.Advice(Enum.Parse<WriterAdvice>(advice))));

    private static void AssertFactOnly(string message) => Assert.True(!Named(message).Any(), $"'{message}' names {string.Join(", ", Named(message))}");

    /// <summary>The cmdlet words in a text: "-Force" but not "x-should-retry" or "in-progress"; a command name anywhere.</summary>
    private static IEnumerable<string> Named(string text) =>
        CmdletWords.Where(word => Regex.IsMatch(text, word.StartsWith('-') ? $@"(?<![\w-]){Regex.Escape(word)}\b" : $@"\b{Regex.Escape(word)}\b", RegexOptions.IgnoreCase))
            .OrderBy(word => text.IndexOf(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The string literals of C# source, whole-line comments left out (they may name the cmdlet a type serves). A
    /// command name alone, with no space, is a value (WriterConnectionInfo's Source) rather than a message.
    /// </summary>
    private static IEnumerable<string> Literals(string source)
    {
        var code = string.Join("\n", source.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        return StringLiteral().Matches(code).Select(m => m.Value)
            .Where(literal => literal.Contains(' ', StringComparison.Ordinal) || literal.Contains("\"-", StringComparison.Ordinal));
    }

    private static bool IsBuildOutput(string root, string path)
    {
        var first = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    private static List<string> ReadCmdletWords()
    {
        var cmdlets = CmdletMetadata.Read().Cmdlets;
        var parameters = cmdlets.SelectMany(c => c.Parameters).SelectMany(p => p.Aliases.Prepend(p.Name))
            .Concat(cmdlets.Any(c => c.SupportsPaging) ? new[] { "First", "Skip", "IncludeTotalCount" } : [])
            .Concat(cmdlets.Any(c => c.SupportsShouldProcess) ? new[] { "WhatIf", "Confirm" } : [])
            .Select(name => "-" + name);
        return cmdlets.Select(c => c.Name).Concat(parameters).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    [GeneratedRegex("""\$?@?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)'""")]
    private static partial Regex StringLiteral();
}
