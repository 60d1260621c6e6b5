using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Tests.Support;
using WriterJobs.Waiting;

namespace WriterJobs.Tests.Workflow;

/// <summary>
/// Waiting for jobs to leave in_progress, against the emulator's lifecycle (a short completion delay). The waiter's
/// pauses and the emulator's completion run on one fake clock, so a pause moves the emulator's jobs along without
/// taking any real time.
/// </summary>
public sealed class WriterJobWaiterTests
{
    private static readonly WriterJobWaitOptions Quick = new(pollInterval: TimeSpan.FromMilliseconds(50), maxPollInterval: TimeSpan.FromMilliseconds(100));

    private readonly InstantClock clock = new();

    private Task<EmulatorScope> StartAsync(int completionMs = 300) =>
        EmulatorScope.StartAsync(o => { o.CompletionDelay = TimeSpan.FromMilliseconds(completionMs); o.Clock = clock; });

    private WriterJobWaiter Waiter(EmulatorScope scope, WriterJobWaitOptions options) => new(scope.Client, scope.Log, options, clock);

    [Fact]
    public async Task Waits_until_every_job_has_left_in_progress()
    {
        await using var scope = await StartAsync();
        var ids = Enumerable.Range(0, 3).Select(_ => scope.Store.Add("app-1", "in_progress").Id).Append(scope.Store.Add("app-1", "in_progress", "boom").Id).ToList();
        var jobs = await Task.WhenAll(ids.Select(id => scope.Client.GetJobAsync(id)));
        var wait = Waiter(scope, Quick).Start(jobs);

        await wait.RunToEndAsync();

        Assert.False(wait.TimedOut);
        Assert.Equal(ids, wait.Jobs.Select(j => j.Id));
        Assert.Equal(new[] { WriterJobStatus.completed, WriterJobStatus.completed, WriterJobStatus.completed, WriterJobStatus.failed }, wait.Jobs.Select(j => j.State));
        Assert.Equal("boom", wait.LatestOf(ids[3])!.Error);
        Assert.Equal(4, wait.Done);
        Assert.Empty(wait.StillRunning);
    }

    [Fact]
    public async Task A_timeout_returns_the_jobs_still_in_progress_warns_and_cancels_nothing()
    {
        await using var scope = await StartAsync(completionMs: 60_000);
        var id = scope.Store.Add("app-1", "in_progress").Id;
        var job = await scope.Client.GetJobAsync(id);
        var waitedBefore = clock.Elapsed;
        var wait = Waiter(scope, new WriterJobWaitOptions(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50))).Start(new[] { job });

        await wait.RunToEndAsync();

        // The waiter's pauses are the only waits on the clock: together they reach the timeout and never pass it.
        Assert.True(wait.TimedOut);
        Assert.Equal(TimeSpan.FromMilliseconds(300), clock.Elapsed - waitedBefore);
        Assert.Equal(id, Assert.Single(wait.StillRunning));
        Assert.Equal(nameof(WriterJobStatus.in_progress), wait.LatestOf(id)!.Status);
        Assert.Equal(1, scope.Log.Count("Timed out"));
        Assert.Contains(id.ToString(), scope.Log.All, StringComparison.Ordinal);
        Assert.Equal("in_progress", scope.Store.Find(id)!.Status);
    }

    [Fact]
    public async Task Any_mode_returns_as_soon_as_one_job_finishes()
    {
        await using var scope = await StartAsync();
        var slow = scope.Store.Add("app-1", "in_progress").Id;
        scope.Emulator.Options.CompletionDelay = TimeSpan.FromMinutes(5);
        var slower = scope.Store.Add("app-1", "in_progress").Id;
        var jobs = await Task.WhenAll(new[] { slower, slow }.Select(id => scope.Client.GetJobAsync(id)));
        var wait = Waiter(scope, Quick).Start(jobs, any: true);

        await wait.RunToEndAsync();

        Assert.False(wait.TimedOut);
        Assert.Equal(slow, Assert.Single(wait.Finished).Id);
        Assert.Equal(slower, Assert.Single(wait.StillRunning));
    }

    [Fact]
    public async Task Any_mode_is_over_at_once_when_a_job_is_already_done()
    {
        await using var scope = await StartAsync();
        var done = await scope.Client.GetJobAsync(scope.Store.Add("app-1", "completed").Id);
        var running = await scope.Client.GetJobAsync(scope.Store.Add("app-1", "in_progress").Id);

        var wait = Waiter(scope, Quick).Start(new[] { running, done }, any: true);

        Assert.True(wait.IsOver);
        Assert.Equal(done.Id, Assert.Single(wait.Finished).Id);
    }

    [Fact]
    public async Task A_job_that_disappears_leaves_the_wait_as_a_failure_and_the_rest_go_on()
    {
        await using var scope = await StartAsync();
        var gone = scope.Store.Add("app-1", "in_progress").Id;
        var kept = scope.Store.Add("app-1", "in_progress").Id;
        var jobs = await Task.WhenAll(new[] { gone, kept }.Select(id => scope.Client.GetJobAsync(id)));
        scope.Store.MarkGone(gone);
        var wait = Waiter(scope, Quick).Start(jobs);

        await wait.RunToEndAsync();

        var failure = Assert.Single(wait.Failures);
        Assert.Equal(gone, failure.Id);
        Assert.Equal(WriterErrorKind.Gone, Assert.IsType<WriterApiException>(failure.Error).Kind);
        Assert.Equal(kept, Assert.Single(wait.Finished).Id);
        Assert.Equal(2, wait.Done);
    }

    [Fact]
    public async Task Jobs_never_read_count_as_in_progress_and_a_round_reads_at_most_MaxInFlight_at_once()
    {
        // Each read waits a second of the server's own clock, which stands still until the test moves it: the reads a
        // round has begun are exactly those that started, and none can finish behind the test's back.
        var server = new WaitCountingClock();
        await using var scope = await EmulatorScope.StartAsync(o => { o.CompletionDelay = TimeSpan.FromMilliseconds(1); o.Clock = server; });
        scope.Faults.Global = new FaultProfile { Latency = TimeSpan.FromSeconds(1) };
        var ids = Enumerable.Range(0, 10).Select(_ => scope.Store.Add("app-1", "in_progress").Id).ToList();
        var wait = Waiter(scope, new WriterJobWaitOptions(pollInterval: TimeSpan.FromMilliseconds(50), maxInFlight: 3)).Start(ids);
        Assert.False(wait.IsOver);
        Assert.Empty(wait.Jobs);

        var round = wait.NextRoundAsync();
        foreach (var begun in new[] { 3, 6, 9, 10 })
        {
            Assert.True(SpinWait.SpinUntil(() => server.Waits >= begun, TimeSpan.FromSeconds(10)), $"{server.Waits} reads begun, {begun} expected");
            Assert.Equal(begun, server.Waits);
            server.Advance(TimeSpan.FromSeconds(1));
        }

        await round;
        Assert.True(wait.IsOver);
        Assert.Equal(ids, wait.Jobs.Select(j => j.Id));
        Assert.All(wait.Jobs, job => Assert.Equal(nameof(WriterJobStatus.completed), job.Status));
    }

    [Fact]
    public void Polls_back_off_by_half_again_up_to_the_cap()
    {
        var options = new WriterJobWaitOptions(pollInterval: TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(3), options.NextInterval(TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(30), options.NextInterval(TimeSpan.FromSeconds(25)));
        Assert.Equal(TimeSpan.FromMinutes(2), new WriterJobWaitOptions(pollInterval: TimeSpan.FromMinutes(2)).NextInterval(TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Negative_timeouts_and_empty_intervals_are_refused_as_invalid_arguments()
    {
        Assert.Equal(WriterErrorKind.InvalidInput, Assert.Throws<WriterApiException>(() => new WriterJobWaitOptions(pollInterval: TimeSpan.Zero)).Kind);
        Assert.Equal(WriterErrorKind.InvalidInput, Assert.Throws<WriterApiException>(() => new WriterJobWaitOptions(TimeSpan.FromSeconds(-1))).Kind);
    }
}
