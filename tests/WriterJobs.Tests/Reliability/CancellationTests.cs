using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Http;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>Ctrl+C (StopProcessing cancels the command's token) ends in-flight requests promptly and leaves nothing running.</summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Cancelling_stops_stalled_in_flight_requests()
    {
        // The emulator stalls on a clock that never moves: a stalled request ends only if the client gives it up.
        var serverClock = new WaitCountingClock();
        await using var scope = await EmulatorScope.StartAsync(o => { o.Jobs = 64; o.Clock = serverClock; });
        scope.Faults.StallDuration = TimeSpan.FromSeconds(30);
        scope.Faults.Global = new FaultProfile { FaultRate = 1, Mix = FaultProfile.EqualWeights(FaultKind.Stall) };
        var ids = scope.Store.Ids();
        using var stop = new CancellationTokenSource();
        var started = 0;
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<WriterJob> Work(WriterJobsClient client, Guid id, CancellationToken ct)
        {
            if (Interlocked.Increment(ref started) == 32)
            {
                full.SetResult();
            }

            return client.GetJobAsync(id, ct);
        }

        var pipeline = Task.Run(() => PipelineHarness<Guid, WriterJob>.Run(
            scope.Connection, ids, (client, _) => (id, ct) => Work(client, id, ct), throttleLimit: 32, stop.Token));
        await full.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // All 32 have reached the server and stall there.
        Assert.True(SpinWait.SpinUntil(() => serverClock.Waits >= 32, TimeSpan.FromSeconds(10)), $"{serverClock.Waits} requests stalled");
        stop.Cancel();

        // The runner's Dispose waits for its in-flight tasks, and no stall ever ends by itself, so returning at all
        // means cancellation ended every one of them; the guard only turns a hang into a failure.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, scope.Emulator.Requests.Recent.Count(r => r.StatusCode == 200));
    }
}
