using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>R5: Ctrl+C (StopProcessing cancels the command's token) ends in-flight requests promptly and leaves nothing running.</summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Cancelling_stops_stalled_in_flight_requests_within_a_second()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 64);
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
        await Task.Delay(200);

        var watch = Stopwatch.StartNew();
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline);
        watch.Stop();

        // The runner's Dispose waits for its in-flight tasks, so returning at all means none is still running.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopped in {watch.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(0, scope.Emulator.Requests.Recent.Count(r => r.StatusCode == 200));
    }
}
