using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Emulator;
using WriterJobs.Pipeline;

namespace WriterJobs.Benchmarks;

/// <summary>The four end-to-end scenarios of issue 6; each returns table rows and never asserts (targets are reported).</summary>
internal sealed class Scenarios
{
    public const int P4ThrottleLimit = PipelineRunnerOptions.DefaultThrottleLimit;

    private static readonly TimeSpan P1Latency = TimeSpan.FromMilliseconds(50);
    private const int P2Concurrency = 16;
    private const int P2WarmUpRounds = 3;
    private const int P2Rounds = 7;
    private const double P3Quota = 100;
    private const int P3ThrottleLimit = 32;
    private const long MemoryTargetBytes = 50L * 1024 * 1024;

    private readonly BenchmarkTarget target;
    private readonly bool quick;

    public Scenarios(BenchmarkTarget target, bool quick)
    {
        this.target = target;
        this.quick = quick;
    }

    /// <summary>P1: with a fixed server latency, time is bound by N × latency / concurrency; how close does the runner get?</summary>
    public async Task<IReadOnlyList<ScenarioRow>> LatencyBoundAsync()
    {
        var rows = new List<ScenarioRow>();
        foreach (var throttle in new[] { 1, 8, 32, 64 })
        {
            long count = quick ? 4L * throttle : throttle switch { 1 => 100, 8 => 1_000, _ => 10_000 };
            target.ResetFaults();
            var emulator = target.Emulator;
            using var connection = target.Connect(BenchmarkTarget.UnlimitedRequestsPerMinute);
            await WarmUpAsync(connection, throttle);
            if (emulator is not null)
            {
                emulator.Faults.Global = new FaultProfile { Latency = P1Latency };
            }

            var run = (await CmdletDriver.GetJobsAsync(connection, target.IdAt, count, new PipelineRunnerOptions(throttle))).EnsureAllSucceeded();
            var bound = TimeSpan.FromTicks(P1Latency.Ticks * count / throttle);
            rows.Add(emulator is null
                ? new ScenarioRow("P1", $"ThrottleLimit {throttle}, server's own latency", count, run.Elapsed, "n/a (latency not ours)", "-", "-", null)
                : new ScenarioRow(
                    "P1", $"ThrottleLimit {throttle}, latency 50 ms", count, run.Elapsed,
                    Format($"bound {bound.TotalSeconds:0.00} s"), Format($"{bound / run.Elapsed:P1} of bound"),
                    throttle == 32 ? "≥ 95 %" : "-", throttle == 32 ? bound / run.Elapsed >= 0.95 : null));
        }

        target.ResetFaults();
        return rows;
    }

    /// <summary>
    /// P2: no latency, 16 in flight; the engine through the runner vs a plain HttpClient loop. Warm-up rounds come first:
    /// tiered JIT takes seconds to settle, and a process still warming up favours whatever runs last. Each timed round
    /// then runs the three sides in a rotated order; a row shows its median round, and a ratio is the median of the
    /// ratios paired within a round, so the machine's drift from round to round cancels out.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioRow>> OverheadAsync()
    {
        long count = quick ? 200 : 50_000;
        target.ResetFaults();
        using var connection = target.Connect(BenchmarkTarget.UnlimitedRequestsPerMinute);
        var options = new PipelineRunnerOptions(P2Concurrency);
        var client = connection.CreateClient();
        var sides = new Func<Task<PipelineRun>>[]
        {
            () => PlainHttpLoop.GetJobsAsync(target.BaseUri, target.BearerKey, target.IdAt, count, P2Concurrency),
            () => PlainHttpLoop.GetJobsAsync(client, target.IdAt, count, P2Concurrency),
            () => CmdletDriver.GetJobsAsync(connection, target.IdAt, count, options),
        };
        var runs = sides.Select(_ => new List<PipelineRun>()).ToArray();
        for (var round = 0; round < P2WarmUpRounds + P2Rounds; round++)
        {
            for (var turn = 0; turn < sides.Length; turn++)
            {
                var side = (turn + round) % sides.Length;
                var run = (await sides[side]()).EnsureAllSucceeded();
                if (round >= P2WarmUpRounds)
                {
                    runs[side].Add(run);
                }
            }
        }

        var (plain, direct, engine) = (Median(runs[0]), Median(runs[1]), Median(runs[2]));
        var directRatio = PairedRatio(runs[1], runs[0]);
        var ratio = PairedRatio(runs[2], runs[0]);
        return
        [
            new ScenarioRow("P2", "plain HttpClient loop, 16 in flight", count, plain.Elapsed, Costs(plain), "1.00×", "-", null),
            new ScenarioRow("P2", "engine client in the same loops, no runner", count, direct.Elapsed, Costs(direct), Format($"{directRatio:0.00}× baseline"), "-", null),
            new ScenarioRow(
                "P2", "engine + runner, ThrottleLimit 16", count, engine.Elapsed,
                Format($"{Costs(engine)}; baseline {plain.PerSecond:N0} req/s"), Format($"{ratio:0.00}× baseline"), "≥ 0.7× (alarm)", ratio >= 0.7),
        ];

        static PipelineRun Median(List<PipelineRun> rounds) => rounds.OrderBy(r => r.PerSecond).ElementAt(rounds.Count / 2);

        static double PairedRatio(List<PipelineRun> side, List<PipelineRun> baseline) =>
            side.Zip(baseline, (s, b) => s.PerSecond / b.PerSecond).Order().ElementAt(side.Count / 2);
    }

    /// <summary>P3: the emulator allows 100 requests a second; the client is set to the same rate. Time vs N / quota, and the 429s.</summary>
    public async Task<IReadOnlyList<ScenarioRow>> QuotaBoundAsync()
    {
        if (target.Emulator is not { } emulator)
        {
            return [];
        }

        long count = quick ? 150 : 3_000;
        target.ResetFaults();
        emulator.Faults.QuotaPerSecond = P3Quota;
        using var connection = target.Connect(P3Quota * 60);
        var run = (await CmdletDriver.GetJobsAsync(connection, target.IdAt, count, new PipelineRunnerOptions(P3ThrottleLimit))).EnsureAllSucceeded();
        var refused = emulator.Requests.TooManyRequests;
        target.ResetFaults();
        var bound = TimeSpan.FromSeconds(count / P3Quota);
        var ratio = run.Elapsed / bound;
        var refusedShare = (double)refused / count;
        return
        [
            new ScenarioRow(
                "P3", "quota 100/s, RequestsPerMinute 6000, ThrottleLimit 32", count, run.Elapsed,
                Format($"bound {bound.TotalSeconds:0.0} s; {refused} × 429 ({refusedShare:P1})"), Format($"{ratio:0.00}× bound"),
                "≤ 1.1×, ≤ 2 % 429", ratio <= 1.1 && refusedShare <= 0.02),
        ];
    }

    /// <summary>
    /// P4: 100,000 IDs streamed through the runner against the target; what is alive stays within the runner's bound and
    /// the working set flat. The peak heap is shown, not judged: it is mostly garbage that generation 0 holds before its
    /// first collection (about 80 MB on this VM, whatever the work).
    /// </summary>
    public async Task<IReadOnlyList<ScenarioRow>> MemoryAsync()
    {
        long count = quick ? 2_000 : 100_000;
        target.ResetFaults();
        using var connection = target.Connect(BenchmarkTarget.UnlimitedRequestsPerMinute);
        var options = new PipelineRunnerOptions(P4ThrottleLimit);
        PipelineRun run;
        long heap;
        long workingSet;
        using (var sampler = new MemorySampler())
        {
            run = (await CmdletDriver.GetJobsAsync(connection, target.IdAt, count, options)).EnsureAllSucceeded();
            sampler.Dispose();
            heap = sampler.HeapGrowth;
            workingSet = sampler.WorkingSetGrowth;
        }

        return
        [
            new ScenarioRow(
                "P4", "ordered, ThrottleLimit 16, zero latency", count, run.Elapsed,
                Format($"peak heap +{heap / 1048576.0:0.0} MB, working set +{workingSet / 1048576.0:0.0} MB; at most {run.MaxAlive} items alive (bound {options.ThrottleLimit + options.ReorderBufferLimit}); {Costs(run)}"),
                Format($"working set {workingSet / (double)MemoryTargetBytes:P0} of 50 MB"),
                "< 50 MB, alive ≤ bound", workingSet < MemoryTargetBytes && run.MaxAlive <= options.ThrottleLimit + options.ReorderBufferLimit),
        ];
    }

    /// <summary>
    /// A session connects once and runs many commands: open the connections and JIT the path before timing,
    /// so a first request's setup is not charged to the latency bound.
    /// </summary>
    private async Task WarmUpAsync(WriterConnection connection, int throttle) =>
        (await CmdletDriver.GetJobsAsync(connection, target.IdAt, 4L * throttle, new PipelineRunnerOptions(throttle))).EnsureAllSucceeded();

    private static string Costs(PipelineRun run) =>
        Format($"process CPU {run.CpuMicrosecondsEach:0} µs/req, {run.BytesEach / 1024:0.0} KB allocated/req (emulator included)");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
