using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Tests.Support;
using Xunit.Abstractions;

namespace WriterJobs.Tests.Reliability;

/// <summary>Many GETs under injected transient faults all come back right, through the runner as the cmdlet runs them.</summary>
public sealed class TransientFaultTests(ITestOutputHelper output)
{
    private const int JobCount = 10_000;

    [Fact]
    public async Task Ten_thousand_GETs_under_twenty_percent_transient_faults_all_succeed()
    {
        await using var scope = await EmulatorScope.StartAsync(o => { o.Jobs = JobCount; o.InProgressShare = 0; });

        // A truncated 200 body (MalformedBody) is left out on purpose: it is the server's answer, not a transport
        // failure, so it surfaces as WriterInvalidResponse (see BadInputTests) instead of being retried.
        scope.Faults.RetryAfter = TimeSpan.FromMilliseconds(50);
        scope.Faults.Global = new FaultProfile
        {
            FaultRate = 0.2,
            Mix = FaultProfile.EqualWeights(
                FaultKind.TooManyRequests, FaultKind.InternalServerError, FaultKind.BadGateway,
                FaultKind.ServiceUnavailable, FaultKind.ResetBeforeResponse, FaultKind.HtmlErrorPage),
        };

        // Twelve retries: at a 20 % fault rate, thirteen failures in a row happen about once in a billion reads.
        // Retry delays and 429 pauses run on a fake clock that ends every wait at once and adds it up.
        var clock = new InstantClock();
        using var connection = scope.Connect(s => { s.MaxRetries = 12; s.RetryBaseDelay = TimeSpan.FromMilliseconds(5); }, clock);
        var ids = scope.Store.Ids();
        var run = PipelineHarness<Guid, WriterJob>.Run(connection, ids, (client, _) => client.GetJobAsync, throttleLimit: 32);

        Assert.Empty(run.Errors);
        Assert.Equal(ids, run.Results.Select(r => r.Input));
        Assert.All(run.Results, r =>
        {
            Assert.Equal(r.Input, r.Result.Id);
            Assert.Equal(scope.Store.Find(r.Input)!.Status, r.Result.StatusText);
        });

        var requests = scope.Emulator.Requests.Total;
        var retries = run.Messages.Count(m => m.Text.Contains("; retry ", StringComparison.Ordinal));
        output.WriteLine($"{ids.Count} jobs, {requests} requests, {retries} retries logged, {scope.Emulator.Requests.TooManyRequests} x 429, {clock.Elapsed.TotalSeconds:0.0} s of waits added up");
        // A body-less GET dropped without an answer may reach the server once more unlogged, sent again by the connection
        // pool itself: .NET's only after a clean close (none here), Mono's after a reset too (R7).
        Assert.InRange(requests - ids.Count - retries, 0, HiddenResends.Allowed(scope.Emulator.Requests.CleanCloses, scope.Emulator.Requests.Unanswered));
        Assert.Contains("answered 429", run.Log, StringComparison.Ordinal);
        Assert.Contains("answered 503", run.Log, StringComparison.Ordinal);
        Assert.Contains("failed (HttpRequestException", run.Log, StringComparison.Ordinal);
    }
}
