using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Tests.Support;
using Xunit.Abstractions;

namespace WriterJobs.Tests.Reliability;

/// <summary>
/// The rate limit bounds what the server receives, resends after resets and clean closes included; a GET the server
/// closed without answering may arrive once more unlogged (R7), and only that is allowed on top.
/// </summary>
public sealed class RateAtServerTests(ITestOutputHelper output)
{
    private const double PerMinute = 600;
    private const int Jobs = 120;

    [Fact]
    public async Task Under_resets_and_clean_closes_the_server_never_receives_more_than_the_configured_rate()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = Jobs);
        var ids = scope.Store.Ids();

        // Warm the emulator up first (another connection, no faults), so that its first requests are not held up
        // and then seen bunched together; only what follows is counted.
        await Task.WhenAll(ids.Take(32).Select(id => scope.Client.GetJobAsync(id)));
        scope.Emulator.Requests.Clear();
        scope.Faults.Global = new FaultProfile
        {
            FaultRate = 0.2,
            Mix = FaultProfile.EqualWeights(FaultKind.ResetBeforeResponse, FaultKind.ResetAfterWork, FaultKind.CloseBeforeWork, FaultKind.CloseAfterWork),
        };
        using var connection = scope.Connect(s =>
        {
            s.RequestsPerMinute = PerMinute;
            s.MaxRetries = 8;
            s.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        });

        var run = PipelineHarness<Guid, WriterJob>.Run(connection, ids, (client, _) => client.GetJobAsync);

        // A full bucket (a second's worth) and then the rate: at most 10 + 100 sends in any 10 s. Arrival times are taken
        // in the emulator's middleware, where requests sent apart can arrive together: 5 % is left for that. On top of
        // the sends, a GET may arrive again unlogged after a clean close without an answer (R7): each such close allows
        // one, so the closes in the window (and the second before it, where a close's resend may land in the window) are
        // added to the bound.
        var window = TimeSpan.FromSeconds(10);
        var allowed = (PerMinute / 60) + (PerMinute * window.TotalMinutes);
        var recorded = scope.Emulator.Requests.Recent.OrderBy(r => r.ArrivedAt).ToList();
        var arrivals = recorded.Select(r => r.ArrivedAt).ToList();
        var closes = recorded.Where(HiddenResends.MayFollow).Select(r => r.ArrivedAt).ToList();
        var windows = arrivals.Select(start => (
            Received: arrivals.Count(t => t >= start && t - start < window),
            Closes: closes.Count(t => t >= start - TimeSpan.FromSeconds(1) && t - start < window))).ToList();
        var busiest = windows.MaxBy(w => w.Received);
        var worst = windows.Max(w => w.Received - w.Closes);
        var span = arrivals[^1] - arrivals[0];
        output.WriteLine($"{Jobs} reads at {PerMinute}/min under 20 % resets and clean closes: the server received {arrivals.Count} requests in {span.TotalSeconds:0.0} s "
            + $"({closes.Count} closed cleanly), {(arrivals.Count - (PerMinute / 60)) / span.TotalMinutes:0}/min after the first second's burst; "
            + $"busiest {window.TotalSeconds:0} s: {busiest.Received} with {busiest.Closes} clean closes; most in any {window.TotalSeconds:0} s once its clean closes are taken off: {worst} (bound {allowed:0} + 5 %)");
        Assert.Empty(run.Errors);
        Assert.True(arrivals.Count > Jobs, "faults made the module send some reads again");
        Assert.InRange(worst, 1, allowed * 1.05);
    }
}
