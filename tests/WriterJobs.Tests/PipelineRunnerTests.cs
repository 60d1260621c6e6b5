using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Pipeline;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests;

/// <summary>
/// The runner's contract, one test a guarantee, with a recording sink standing in for the cmdlet that takes what is
/// ready. Nothing here waits
/// for time to pass: work is held by gates the test opens, and "the calling thread is blocked" is read from its state.
/// </summary>
public sealed class PipelineRunnerTests
{
    /// <summary>Only a hang guard: a correct runner gets there at once, so this is reached only when the behaviour breaks.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(32, true)]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(32, false)]
    public void Never_more_than_ThrottleLimit_in_flight_and_order_is_kept_unless_unordered(int throttle, bool ordered)
    {
        var probe = new ConcurrencyProbe(throttle);
        var sink = new RecordingSink<int, int>();
        using var runner = new PipelineRunner<int, int>(probe.Work, new PipelineLog(), new PipelineRunnerOptions(throttle, ordered), CancellationToken.None);

        foreach (var i in Enumerable.Range(0, 200))
        {
            sink.Submit(runner, i);
        }

        sink.Complete(runner);

        var expected = Enumerable.Range(0, 200).Select(i => i * 10);
        var results = sink.Results.Select(r => r.Result);
        Assert.Equal(expected, ordered ? results : results.Order());
        Assert.Equal((long)throttle, probe.MaxSeen);
        Assert.Equal(200, runner.Emitted);
    }

    [Fact]
    public void Unordered_mode_emits_each_result_as_it_finishes()
    {
        // The first item finishes only once the other four have reached the sink; held back behind it, they never would.
        var othersOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var emitted = 0;
        var sink = new RecordingSink<int, int> { Received = _ => { if (++emitted == 4) { othersOut.SetResult(); } } };
        using var runner = new PipelineRunner<int, int>(
            async (i, ct) => { if (i == 0) { await othersOut.Task.WaitAsync(HangGuard, ct); } return i; },
            new PipelineLog(), new PipelineRunnerOptions(8, ordered: false), CancellationToken.None);

        foreach (var i in Enumerable.Range(0, 5))
        {
            sink.Submit(runner, i);
        }

        sink.Complete(runner);

        Assert.Empty(sink.Errors);
        Assert.Equal(Enumerable.Range(0, 5), sink.Results.Select(r => r.Result).Order());
        Assert.Equal(0, sink.Results[^1].Result);
    }

    [Fact]
    public void Ordered_mode_holds_at_most_the_reorder_buffer_behind_a_slow_item_and_submit_waits()
    {
        var slow = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var sink = new RecordingSink<int, int>();
        var options = new PipelineRunnerOptions(throttleLimit: 2, ordered: true, reorderBufferLimit: 5);
        using var runner = new PipelineRunner<int, int>(
            (i, ct) => { Interlocked.Increment(ref started); return i == 0 ? slow.Task : Task.FromResult(i); },
            new PipelineLog(), options, CancellationToken.None);

        var feeding = Blocked(() =>
        {
            foreach (var i in Enumerable.Range(0, 50))
            {
                sink.Submit(runner, i);
            }
        });

        // The slow item, plus the throttle's other slot and the reorder buffer's five: the eighth Submit waits for the first.
        Assert.Equal(7, Volatile.Read(ref started));
        Assert.Empty(sink.Results);
        slow.SetResult(0);
        Assert.True(feeding.Join(HangGuard));
        sink.Complete(runner);
        Assert.Equal(Enumerable.Range(0, 50), sink.Results.Select(r => r.Result));
    }

    [Fact]
    public void Results_decided_by_the_caller_go_out_in_their_turn_and_take_no_slot()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink<int, int>();
        using var runner = new PipelineRunner<int, int>((i, ct) => gate.Task, new PipelineLog(), new PipelineRunnerOptions(throttleLimit: 1), CancellationToken.None);

        sink.Submit(runner, 1);
        sink.Add(runner, 2, 20);
        sink.Add(runner, 3, 30);

        Assert.Equal(1, runner.Running);
        Assert.Empty(sink.Results);
        gate.SetResult(10);
        sink.Complete(runner);
        Assert.Equal(new[] { (1, 10), (2, 20), (3, 30) }, sink.Results);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_error_on_one_item_does_not_stop_the_others(bool ordered)
    {
        var sink = new RecordingSink<int, int>();
        using var runner = new PipelineRunner<int, int>(
            (i, ct) => i % 3 == 0 ? throw new InvalidOperationException($"bad {i}") : Task.FromResult(i),
            new PipelineLog(), new PipelineRunnerOptions(4, ordered), CancellationToken.None);

        foreach (var i in Enumerable.Range(1, 9))
        {
            sink.Submit(runner, i);
        }

        sink.Complete(runner);

        Assert.Equal(new[] { 1, 2, 4, 5, 7, 8 }, sink.Results.Select(r => r.Result).Order());
        Assert.Equal(new[] { 3, 6, 9 }, sink.Errors.Select(e => e.Input).Order());
        Assert.All(sink.Errors, e => Assert.Equal($"bad {e.Input}", e.Error.Message));
    }

    /// <summary>
    /// Lines written on worker threads come out on the calling thread, each item's lines before its result (the line
    /// written just before an item finishes is the one a careless hand-off loses); Debug lines only when shown.
    /// </summary>
    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Log_lines_come_out_on_the_calling_thread_before_their_items_result(bool ordered, bool writeDebug)
    {
        const int count = 200;
        var sink = new RecordingSink<int, int>();
        var log = new PipelineLog(writeDebug);
        var runner = new PipelineRunner<int, int>(
            async (i, ct) =>
            {
                await Task.Yield();
                log.Debug($"item {i}");
                log.Warning($"item {i}");
                return i;
            },
            log, new PipelineRunnerOptions(8, ordered), CancellationToken.None);
        using (runner)
        {
            foreach (var i in Enumerable.Range(0, count))
            {
                sink.Submit(runner, i);
            }

            sink.Complete(runner);
        }

        Assert.Equal(writeDebug, log.IsDebugEnabled);
        Assert.Equal(writeDebug ? count : 0, sink.Messages.Count(m => m.Level == PipelineMessageLevel.Debug));
        Assert.Equal(count, sink.Messages.Count(m => m.Level == PipelineMessageLevel.Warning));
        Assert.All(sink.CallingThreads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
        var written = sink.Written.ToList();
        Assert.All(Enumerable.Range(0, count), i => Assert.True(
            written.IndexOf($"Warning: item {i}") < written.IndexOf($"result {i}"), $"item {i}: its line came after its result"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cancellation_ends_a_waiting_submit_or_complete_starts_nothing_more_and_ends_the_work_in_flight(bool inComplete)
    {
        using var cancellation = new CancellationTokenSource();
        var sink = new RecordingSink<int, int>();
        var started = 0;
        var runner = new PipelineRunner<int, int>(
            (i, ct) => { Interlocked.Increment(ref started); return UntilCancelled(i, ct); },
            new PipelineLog(), new PipelineRunnerOptions(2), cancellation.Token);
        sink.Submit(runner, 1);
        sink.Submit(runner, 2);

        // Nothing in flight ever finishes, so the call waits for good unless cancellation ends it.
        Exception? ended = null;
        var waiting = Blocked(() => ended = Record.Exception(() => { if (inComplete) { sink.Complete(runner); } else { sink.Submit(runner, 3); } }));
        cancellation.Cancel();

        Assert.True(waiting.Join(HangGuard));
        Assert.IsAssignableFrom<OperationCanceledException>(ended);
        runner.Dispose();
        Assert.Equal(0, runner.Running);
        Assert.Equal(2, Volatile.Read(ref started));
        Assert.Empty(sink.Results);
        Assert.Empty(sink.Errors);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Complete_waits_for_every_item_still_in_flight(bool ordered)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink<int, int>();
        using var runner = new PipelineRunner<int, int>(
            async (i, ct) => { await gate.Task.WaitAsync(ct); return i; },
            new PipelineLog(), new PipelineRunnerOptions(8, ordered), CancellationToken.None);
        foreach (var i in Enumerable.Range(0, 8))
        {
            sink.Submit(runner, i);
        }

        var completing = Blocked(() => sink.Complete(runner));
        Assert.Equal(8, runner.Running);
        gate.SetResult();

        Assert.True(completing.Join(HangGuard));
        Assert.Equal(0, runner.Running);
        Assert.Equal(runner.Submitted, runner.Emitted);
        Assert.Equal(Enumerable.Range(0, 8), sink.Results.Select(r => r.Result).Order());
    }

    /// <summary>Streaming: a long input never piles up tasks or results; counts what is alive, never times anything.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_hundred_thousand_items_keep_what_is_alive_within_the_throttle_and_the_reorder_buffer(bool ordered)
    {
        const int count = 100_000;
        var options = new PipelineRunnerOptions(throttleLimit: 16, ordered);
        long alive = 0, maxAlive = 0;
        var sink = new RecordingSink<int, int> { Received = _ => Interlocked.Decrement(ref alive) };
        using var runner = new PipelineRunner<int, int>(
            async (i, ct) =>
            {
                // Started and not yet handed to the sink: its task and (once done) its result are reachable.
                var now = Interlocked.Increment(ref alive);
                InterlockedMax(ref maxAlive, now);

                // Every eighth item finishes later, on the thread pool, so that results finish out of order.
                if (i % 8 == 0)
                {
                    await Task.Yield();
                }

                return i;
            },
            new PipelineLog(), options, CancellationToken.None);

        for (var i = 0; i < count; i++)
        {
            sink.Submit(runner, i);
        }

        sink.Complete(runner);

        Assert.Equal(count, sink.Results.Count);
        Assert.InRange(Interlocked.Read(ref maxAlive), 1, options.ThrottleLimit + options.ReorderBufferLimit);
    }

    /// <summary>Runs the call on its own thread and returns once it is blocked (or has ended), so the test can act on a waiting call.</summary>
    private static Thread Blocked(Action call)
    {
        var thread = new Thread(() => call()) { IsBackground = true };
        thread.Start();
        Assert.True(
            SpinWait.SpinUntil(() => (thread.ThreadState & (ThreadState.WaitSleepJoin | ThreadState.Stopped)) != 0, HangGuard),
            "the call neither blocked nor ended");
        Assert.True(thread.IsAlive, "the call ended instead of waiting");
        return thread;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
        {
            Interlocked.CompareExchange(ref target, value, seen);
        }
    }

    /// <summary>Work that never finishes on its own: it ends only when its token is cancelled.</summary>
    private static async Task<int> UntilCancelled(int input, CancellationToken cancellationToken)
    {
        await new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously).Task.WaitAsync(cancellationToken);
        return input;
    }

    /// <summary>
    /// Holds every item until the throttle is full once, so the runner must show it runs that many at a time; after
    /// that, items finish after 0 to 6 yields, out of input order.
    /// </summary>
    private sealed class ConcurrencyProbe(int throttle)
    {
        private readonly TaskCompletionSource full = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long current;
        private long max;

        public long MaxSeen => Interlocked.Read(ref max);

        public async Task<int> Work(int input, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref max, now);
            if (now == throttle)
            {
                full.TrySetResult();
            }

            await full.Task.WaitAsync(HangGuard, cancellationToken);
            for (var i = 0; i < input % 7; i++)
            {
                await Task.Yield();
            }

            Interlocked.Decrement(ref current);
            return input * 10;
        }
    }
}
