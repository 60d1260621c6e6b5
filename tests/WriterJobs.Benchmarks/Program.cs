using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WriterJobs.Emulator;

namespace WriterJobs.Benchmarks;

/// <summary>Runs the chosen scenarios and prints one Markdown table row each, as it finishes.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException usage)
        {
            await Console.Error.WriteLineAsync(usage.Message + Environment.NewLine + BenchmarkOptions.Usage);
            return 2;
        }

        var allMet = await RunAsync(options, row => Console.WriteLine(row));
        return allMet ? 0 : 1;
    }

    /// <summary>Runs the scenarios; true when every row with a target met it.</summary>
    public static async Task<bool> RunAsync(BenchmarkOptions options, Action<string> writeLine)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(writeLine);
        await using var target = await BenchmarkTarget.StartAsync(options);
        var scenarios = new Scenarios(target, options.Quick);
        var runs = new (string Name, Func<Task<IReadOnlyList<ScenarioRow>>> Run)[]
        {
            ("P1", scenarios.LatencyBoundAsync),
            ("P2", scenarios.OverheadAsync),
            ("P3", scenarios.QuotaBoundAsync),
            ("P4", scenarios.MemoryAsync),
        };
        writeLine(ScenarioRow.Header);
        var allMet = true;
        foreach (var (name, run) in runs)
        {
            if (!options.Runs(name))
            {
                continue;
            }

            foreach (var row in await run())
            {
                writeLine(row.ToString());
                allMet &= row.Met != false;
            }
        }

        return allMet;
    }
}
