using System;
using System.Collections.Generic;
using System.Linq;
using WriterJobs.Connection;

namespace WriterJobs.Benchmarks;

/// <summary>What to run and against what, from the command line.</summary>
internal sealed class BenchmarkOptions
{
    public const string Usage =
        "Usage: WriterJobs.Benchmarks [--scenario P1,P2,P3,P4] [--quick] [--base-url URL --api-key KEY --application ID]\n" +
        "Without --base-url an in-process emulator is started. The key may also come from WRITER_API_KEY.";

    public IReadOnlySet<string> Scenarios { get; private init; } = new HashSet<string>(AllScenarios, StringComparer.OrdinalIgnoreCase);

    /// <summary>Tiny counts, for a smoke run in seconds; the figures then prove nothing.</summary>
    public bool Quick { get; private init; }

    public Uri? BaseUrl { get; private init; }

    public string? ApiKey { get; private init; }

    /// <summary>On a real service, the application whose jobs are read.</summary>
    public string? ApplicationId { get; private init; }

    public static IReadOnlyList<string> AllScenarios { get; } = ["P1", "P2", "P3", "P4"];

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(getVariable);
        var scenarios = AllScenarios.ToList();
        var quick = false;
        Uri? baseUrl = null;
        string? apiKey = null;
        string? application = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--scenario":
                    scenarios = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                    var unknown = scenarios.Except(AllScenarios, StringComparer.OrdinalIgnoreCase).ToList();
                    if (unknown.Count > 0)
                    {
                        throw new ArgumentException($"Unknown scenario(s): {string.Join(", ", unknown)}.");
                    }

                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--base-url":
                    baseUrl = Uri.TryCreate(Value(args, ref i), UriKind.Absolute, out var parsed)
                        ? parsed
                        : throw new ArgumentException("--base-url needs an absolute URL.");
                    break;
                case "--api-key":
                    apiKey = Value(args, ref i);
                    break;
                case "--application":
                    application = Value(args, ref i);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        apiKey ??= getVariable(WriterConnectionSettings.ApiKeyVariable);
        if (baseUrl is not null && (string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(application)))
        {
            throw new ArgumentException("--base-url needs --api-key (or WRITER_API_KEY) and --application.");
        }

        return new BenchmarkOptions
        {
            Scenarios = new HashSet<string>(scenarios, StringComparer.OrdinalIgnoreCase),
            Quick = quick,
            BaseUrl = baseUrl,
            ApiKey = apiKey,
            ApplicationId = application,
        };
    }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
