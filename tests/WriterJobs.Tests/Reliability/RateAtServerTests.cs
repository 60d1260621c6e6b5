using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Tests.Support;
using Xunit.Abstractions;

namespace WriterJobs.Tests.Reliability;

/// <summary>R9: the rate limit bounds what the server receives, resends after resets and clean closes included.</summary>
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

        // A full bucket (a second's worth) and then the rate: at most 10 + 100 in any 10 s. Arrival times are taken in
        // the emulator's middleware, where requests sent apart can arrive together: 5 % is left for that, well under
        // what hidden resends would add (up to three more sends for each of the 20 % faulted requests).
        var window = TimeSpan.FromSeconds(10);
        var allowed = (PerMinute / 60) + (PerMinute * window.TotalMinutes);
        var arrivals = scope.Emulator.Requests.Recent.Select(r => r.ArrivedAt).Order().ToList();
        var busiest = arrivals.Select((start, i) => arrivals.Skip(i).TakeWhile(t => t - start < window).Count()).Max();
        var span = arrivals[^1] - arrivals[0];
        output.WriteLine($"{Jobs} reads at {PerMinute}/min under 20 % resets and clean closes: the server received {arrivals.Count} requests in {span.TotalSeconds:0.0} s, "
            + $"{(arrivals.Count - (PerMinute / 60)) / span.TotalMinutes:0}/min after the first second's burst; busiest {window.TotalSeconds:0} s: {busiest} (bound {allowed:0})");
        Assert.Empty(run.Errors);
        Assert.True(arrivals.Count > Jobs, "faults made the module send some reads again");
        Assert.InRange(busiest, 1, allowed * 1.05);
    }
}
