using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Benchmarks;
using WriterJobs.Emulator;

namespace WriterJobs.Tests;

/// <summary>CI proof that the benchmark harness runs end to end; its figures are for docs/performance.md, never asserted here.</summary>
public sealed class BenchmarkHarnessTests
{
    [Fact]
    public async Task Every_scenario_runs_in_quick_mode_and_prints_one_row_per_setting()
    {
        var lines = new List<string>();

        await Program.RunAsync(BenchmarkOptions.Parse(["--quick"], _ => null), lines.Add);

        var rows = lines.Skip(1).ToList();
        Assert.Equal(ScenarioRow.Header, lines[0]);
        Assert.Equal(["P1", "P1", "P1", "P1", "P2", "P2", "P2", "P3", "P4"], rows.Select(row => row.Split('|')[1].Trim()));
        Assert.All(rows, row => Assert.Equal(10, row.Count(c => c == '|')));
    }

    [Theory]
    [InlineData("--scenario", "P5")]
    [InlineData("--base-url", "http://127.0.0.1:1/")]
    [InlineData("--frobnicate")]
    public void Bad_arguments_are_refused_with_a_message(params string[] args)
    {
        var refused = Assert.Throws<System.ArgumentException>(() => BenchmarkOptions.Parse(args, _ => null));

        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }

    [Fact]
    public void A_scenario_list_selects_only_those_scenarios()
    {
        var options = BenchmarkOptions.Parse(["--scenario", "p1,P4", "--quick"], _ => null);

        Assert.True(options.Quick);
        Assert.Equal(["P1", "P4"], BenchmarkOptions.AllScenarios.Where(options.Runs));
    }
}
