using System;
using System.Globalization;

namespace WriterJobs.Benchmarks;

/// <summary>One line of the results table: what ran, how fast, against what reference, and whether the target was met.</summary>
internal sealed record ScenarioRow(
    string Scenario,
    string Setting,
    long Count,
    TimeSpan Elapsed,
    string Reference,
    string Ratio,
    string Target,
    bool? Met)
{
    public const string Header =
        "| Scenario | Setting | N | Time (s) | Req/s | Reference | Ratio | Target | Met |\n" +
        "|---|---|---:|---:|---:|---|---:|---|---|";

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Scenario} | {Setting} | {Count:N0} | {Elapsed.TotalSeconds:0.00} | {Count / Elapsed.TotalSeconds:N0} | {Reference} | {Ratio} | {Target} | {Met switch { true => "yes", false => "NO", null => "-" }} |");
}
