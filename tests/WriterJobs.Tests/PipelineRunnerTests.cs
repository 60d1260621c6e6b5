using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Pipeline;

namespace WriterJobs.Tests;

/// <summary>
/// The runner's contract, with a plain sink standing in for the cmdlet. Nothing here waits for time to pass: work is
/// held by gates the test opens, and "the pipeline thread is blocked" is read from the runner's sleep count.
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
        var sink = new ListSink<int, int>();
        using var runner = new PipelineRunner<int, int>(probe.Work, sink, new PipelineRunnerOptions(throttle, ordered), CancellationToken.None);

        foreach (var i in Enumerable.Range(0, 200))
        {
            runner.Submit(i);
        }

        runner.Complete();

        var expected = Enumerable.Range(0, 200).Select(i => i * 10);
        Assert.Equal(expected, ordered ? sink.Results : sink.Results.Order());
        Assert.True(probe.MaxSeen <= throttle, $"saw {probe.MaxSeen} in flight");
        Assert.Equal(throttle, probe.MaxSeen);
        Assert.Equal(200, runner.Emitted);
    }

    [Fact]
    public void Unordered_mode_emits_each_result_as_it_finishes()
    {
        // The first item finishes only once the other four have reached the sink; held back behind it, they never would.
        var othersOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var emitted = 0;
        var sink = new ListSink<int, int> { Received = _ => { if (++emitted == 4) { othersOut.SetResult(); } } };
        using var runner = new PipelineRunner<int, int>(
            async (i, ct) => { if (i == 0) { await othersOut.Task.WaitAsync(HangGuard, ct); } return i; },
            sink, new PipelineRunnerOptions(8, ordered: false), CancellationToken.None);

        foreach (var i in Enumerable.Range(0, 5))
        {
            runner.Submit(i);
        }

        runner.Complete();

        Assert.Empty(sink.Errors);
        Assert.Equal(0, sink.Results.Last());
        Assert.Equal(Enumerable.Range(0, 5), sink.Results.OrderBy(i => i));
    }

    [Fact]
    public async Task Ordered_mode_holds_at_most_the_reorder_buffer_behind_a_slow_item()
    {
        var slow = new TaskCompletionSource<int>();
        var started = 0;
        var sink = new ListSink<int, int>();
        var options = new PipelineRunnerOptions(throttleLimit: 2, ordered: true, reorderBufferLimit: 5);
        using var runner = new PipelineRunner<int, int>(
            (i, ct) => { Interlocked.Increment(ref started); return i == 0 ? slow.Task : Task.FromResult(i); },
            sink, options, CancellationToken.None);

        var feeding = Task.Run(() =>
        {
            foreach (var i in Enumerable.Range(0, 50))
            {
                runner.Submit(i);
            }
        });

        // Items start as they are submitted, so once the read-ahead queue is full too every start the runner would
        // make has been made: a runner that let more past the slow item would have started them by then.
        Assert.True(
            SpinWait.SpinUntil(() => Volatile.Read(ref started) >= 7 && runner.Submitted >= 7 + options.ReadAheadLimit, HangGuard),
            $"started {Volatile.Read(ref started)}, submitted {runner.Submitted}");
        Assert.Equal(7, Volatile.Read(ref started));
        Assert.Empty(sink.Results);
        slow.SetResult(0);
        await feeding.WaitAsync(TimeSpan.FromSeconds(5));
        runner.Complete();
        Assert.Equal(Enumerable.Range(0, 50), sink.Results);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_error_on_one_item_does_not_stop_the_others(bool ordered)
    {
        var sink = new ListSink<int, int>();
        using var runner = new PipelineRunner<int, int>(
            (i, ct) => i % 3 == 0 ? throw new InvalidOperationException($"bad {i}") : Task.FromResult(i),
            sink, new PipelineRunnerOptions(4, ordered), CancellationToken.None);

        foreach (var i in Enumerable.Range(1, 9))
        {
            runner.Submit(i);
        }

        runner.Complete();

        Assert.Equal(new[] { 1, 2, 4, 5, 7, 8 }, sink.Results.Order());
        Assert.Equal(new[] { 3, 6, 9 }, sink.Errors.Select(e => e.Input).Order());
        Assert.All(sink.Errors, e => Assert.Equal($"bad {e.Input}", e.Error.Message));
    }

    [Fact]
    public void Log_lines_from_workers_arrive_on_the_calling_thread()
    {
        var sink = new ListSink<int, int>();
        PipelineRunner<int, int>? runner = null;
        runner = new PipelineRunner<int, int>(
            async (i, ct) => { await Task.Yield(); runner!.Verbose($"item {i}"); return i; },
            sink, new PipelineRunnerOptions(4), CancellationToken.None);
        using (runner)
        {
            foreach (var i in Enumerable.Range(0, 20))
            {
                runner.Submit(i);
            }

            runner.Complete();
        }

        Assert.Equal(20, sink.Messages.Count);
        Assert.All(sink.CallingThreads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
    }

    /// <summary>A line an item writes just before it finishes comes out before its result, and never goes missing at the end.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_items_last_line_comes_out_before_its_result(bool ordered)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var written = new List<string>();
            var sink = new ListSink<int, int>();
            PipelineRunner<int, int>? runner = null;
            runner = new PipelineRunner<int, int>(
                async (i, ct) => { await Task.Yield(); runner!.Warning($"item {i}"); return i; },
                new RecordingSink(sink, written), new PipelineRunnerOptions(8, ordered), CancellationToken.None);
            using (runner)
            {
                foreach (var i in Enumerable.Range(0, 50))
                {
                    runner.Submit(i);
                }

                runner.Complete();
            }

            Assert.Equal(50, sink.Messages.Count);
            Assert.All(Enumerable.Range(0, 50), i => Assert.True(
                written.IndexOf($"line {i}") < written.IndexOf($"result {i}"), $"item {i}: {string.Join(", ", written)}"));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Debug_lines_are_delivered_only_when_the_caller_shows_them(bool writeDebug)
    {
        var sink = new ListSink<int, int>();
        PipelineRunner<int, int>? runner = null;
        runner = new PipelineRunner<int, int>(
            async (i, ct) => { await Task.Yield(); runner!.Debug($"item {i}"); runner.Verbose($"item {i}"); return i; },
            sink, new PipelineRunnerOptions(4, writeDebug: writeDebug), CancellationToken.None);
        using (runner)
        {
            foreach (var i in Enumerable.Range(0, 10))
            {
                runner.Submit(i);
            }

            runner.Complete();
        }

        Assert.Equal(writeDebug, runner.IsDebugEnabled);
        Assert.Equal(writeDebug ? 10 : 0, sink.Messages.Count(m => m.Level == PipelineMessageLevel.Debug));
        Assert.Equal(10, sink.Messages.Count(m => m.Level == PipelineMessageLevel.Verbose));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancellation_ends_a_waiting_submit_or_drain_and_the_work_in_flight(bool whileDraining)
    {
        using var cancellation = new CancellationTokenSource();
        var sink = new ListSink<int, int>();
        var started = 0;
        var options = new PipelineRunnerOptions(2);
        var runner = new PipelineRunner<int, int>(
            (i, ct) => { Interlocked.Increment(ref started); return UntilCancelled(i, ct); },
            sink, options, cancellation.Token);

        // Two in flight and two read ahead: the runner is full, so the next Submit has to wait.
        foreach (var i in Enumerable.Range(1, options.ThrottleLimit + options.ReadAheadLimit))
        {
            runner.Submit(i);
        }

        // Nothing in flight ever finishes, so the call blocks for good unless cancellation ends it; cancelled once the
        // pipeline thread is asleep in it.
        var sleeps = runner.Sleeps;
        var blocked = Task.Run(() =>
        {
            if (whileDraining)
            {
                runner.Complete();
            }
            else
            {
                runner.Submit(5);
            }
        });
        Assert.True(SpinWait.SpinUntil(() => runner.Sleeps > sleeps || blocked.IsCompleted, HangGuard), "the call neither slept nor returned");
        Assert.False(blocked.IsCompleted, "the call returned while the runner was full");
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WaitAsync(HangGuard));

        // Dispose waits for the work in flight, which ends only through its token.
        await Task.Run(runner.Dispose).WaitAsync(HangGuard);
        Assert.Equal(0, runner.InFlight);
        Assert.Equal(options.ThrottleLimit, Volatile.Read(ref started));
        Assert.Empty(sink.Results);
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task Inputs_read_ahead_wait_for_a_free_slot_and_then_submit_waits_for_room()
    {
        var gate = new TaskCompletionSource();
        var started = 0;
        var sink = new ListSink<int, int>();
        var options = new PipelineRunnerOptions(throttleLimit: 2, readAheadLimit: 3);
        using var runner = new PipelineRunner<int, int>(
            async (i, ct) => { Interlocked.Increment(ref started); await gate.Task.WaitAsync(ct); return i; },
            sink, options, CancellationToken.None);

        foreach (var i in Enumerable.Range(0, 5))
        {
            runner.Submit(i);
        }

        Assert.Equal(2, Volatile.Read(ref started));
        Assert.Equal(5, runner.Submitted);
        var sleeps = runner.Sleeps;
        var sixth = Task.Run(() => runner.Submit(5));
        Assert.True(SpinWait.SpinUntil(() => runner.Sleeps > sleeps || sixth.IsCompleted, HangGuard), "Submit neither slept nor returned");
        Assert.False(sixth.IsCompleted, "Submit returned while the read-ahead queue was full");

        gate.SetResult();
        await sixth.WaitAsync(TimeSpan.FromSeconds(5));
        runner.Complete();
        Assert.Equal(6, Volatile.Read(ref started));
        Assert.Equal(Enumerable.Range(0, 6), sink.Results);
    }

    [Fact]
    public void Inputs_still_queued_when_cancelled_are_never_started()
    {
        using var cancellation = new CancellationTokenSource();
        var started = 0;
        var sink = new ListSink<int, int>();
        var runner = new PipelineRunner<int, int>(
            (i, ct) => { Interlocked.Increment(ref started); return UntilCancelled(i, ct); },
            sink, new PipelineRunnerOptions(throttleLimit: 1, readAheadLimit: 4), cancellation.Token);
        foreach (var i in Enumerable.Range(0, 5))
        {
            runner.Submit(i);
        }

        // The first item's cancellation frees its slot; the four behind it must stay unsent.
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(runner.Complete);
        runner.Dispose();

        Assert.Equal(1, Volatile.Read(ref started));
        Assert.Equal(0, runner.InFlight);
    }

    /// <summary>The hand-off cost: the pipeline thread sleeps once per quarter of the read-ahead queue, not once per item. Counts, never times.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_pipeline_thread_is_woken_once_per_several_items(bool ordered)
    {
        const int count = 20_000;
        var options = new PipelineRunnerOptions(throttleLimit: 16, ordered);
        var sink = new ListSink<int, int>();
        using var runner = new PipelineRunner<int, int>(
            async (i, ct) => { await Task.Yield(); return i; },
            sink, options, CancellationToken.None);

        for (var i = 0; i < count; i++)
        {
            runner.Submit(i);
        }

        runner.Complete();

        // Each sleep in Submit lasts until a quarter of the queue has started; Complete may sleep once per item left; a
        // full reorder buffer may add a few more.
        var startedPerSleep = options.ReadAheadLimit / 4;
        var bound = (count / startedPerSleep) + options.ThrottleLimit + options.ReadAheadLimit + options.ReorderBufferLimit;
        Assert.Equal(count, sink.Results.Count);
        Assert.InRange(runner.Sleeps, 0, bound);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Complete_drains_every_item_still_in_flight_when_input_ends(bool ordered)
    {
        var gate = new TaskCompletionSource();
        var sink = new ListSink<int, int>();
        using var runner = new PipelineRunner<int, int>(
            async (i, ct) => { await gate.Task.WaitAsync(ct); return i; },
            sink, new PipelineRunnerOptions(8, ordered), CancellationToken.None);
        foreach (var i in Enumerable.Range(0, 8))
        {
            runner.Submit(i);
        }

        Assert.Equal(8, runner.InFlight);
        var sleeps = runner.Sleeps;
        var completing = Task.Run(runner.Complete);
        Assert.True(SpinWait.SpinUntil(() => runner.Sleeps > sleeps || completing.IsCompleted, HangGuard), "Complete neither slept nor returned");
        Assert.False(completing.IsCompleted, "Complete returned while items were still in flight");

        gate.SetResult();
        await completing.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, runner.InFlight);
        Assert.Equal(runner.Submitted, runner.Emitted);
        Assert.Equal(Enumerable.Range(0, 8), sink.Results.Order());
    }

    /// <summary>Streaming: a long input never piles up tasks or results; counts what is alive, never times anything.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_hundred_thousand_items_keep_the_live_tasks_and_results_bounded(bool ordered)
    {
        const int count = 100_000;
        var options = new PipelineRunnerOptions(throttleLimit: 16, ordered);
        var sink = new CountingSink();
        var maxAlive = 0L;
        using var runner = new PipelineRunner<int, int>(
            async (i, ct) =>
            {
                // Started but not yet handed to the sink: the task, its entry and (once done) its result are all reachable.
                sink.Started();
                // Every eighth item finishes later, on the thread pool: enough to fill the runner without a context switch per item.
                if (i % 8 == 0)
                {
                    await Task.Yield();
                }

                return i;
            },
            sink, options, CancellationToken.None);

        for (var i = 0; i < count; i++)
        {
            runner.Submit(i);
            maxAlive = Math.Max(maxAlive, runner.Submitted - runner.Emitted);
        }

        runner.Complete();

        // Started and not emitted. Ordered: the throttle plus the reorder buffer. Unordered: the throttle and the
        // read-ahead queue, plus as many again finished since the last pump (a finish that starts a queued input keeps the total).
        var startedBound = ordered ? options.ThrottleLimit + options.ReorderBufferLimit : 2 * (options.ThrottleLimit + options.ReadAheadLimit);

        // Submitted and not emitted: those, plus the inputs read ahead.
        var submittedBound = ordered ? startedBound + options.ReadAheadLimit : startedBound;
        Assert.Equal(count, sink.Results);
        Assert.InRange(sink.MaxAlive, 1, startedBound);
        Assert.InRange(maxAlive, 1, submittedBound);
    }

    /// <summary>Work that never finishes on its own: it ends only when its token is cancelled.</summary>
    private static async Task<int> UntilCancelled(int input, CancellationToken cancellationToken)
    {
        await new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously).Task.WaitAsync(cancellationToken);
        return input;
    }

    private sealed class CountingSink : IPipelineSink<int, int>
    {
        private long alive;
        private long maxAlive;

        public long Results { get; private set; }

        public long MaxAlive => Interlocked.Read(ref maxAlive);

        public void Started()
        {
            var now = Interlocked.Increment(ref alive);
            for (var seen = Interlocked.Read(ref maxAlive); now > seen; seen = Interlocked.Read(ref maxAlive))
            {
                Interlocked.CompareExchange(ref maxAlive, now, seen);
            }
        }

        public void OnResult(int input, int result)
        {
            Interlocked.Decrement(ref alive);
            Results++;
        }

        public void OnError(int input, Exception error) => throw new InvalidOperationException("No item should fail.", error);

        public void OnMessage(PipelineMessage message)
        {
        }
    }

    /// <summary>
    /// Holds every item until the throttle is full once, so the runner must show it runs that many at a time; after
    /// that, items finish after 0 to 6 yields, out of input order.
    /// </summary>
    private sealed class ConcurrencyProbe(int throttle)
    {
        private readonly TaskCompletionSource full = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int current;
        private int max;

        public int MaxSeen => Volatile.Read(ref max);

        public async Task<int> Work(int input, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref current);
            for (var seen = Volatile.Read(ref max); now > seen; seen = Volatile.Read(ref max))
            {
                Interlocked.CompareExchange(ref max, now, seen);
            }

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

    private sealed class ListSink<TInput, TResult> : IPipelineSink<TInput, TResult>
    {
        public List<TResult> Results { get; } = new();

        public List<(TInput Input, Exception Error)> Errors { get; } = new();

        public List<PipelineMessage> Messages { get; } = new();

        public ConcurrentBag<int> CallingThreads { get; } = new();

        /// <summary>Told of each result as it reaches the sink.</summary>
        public Action<TResult>? Received { get; init; }

        public void OnResult(TInput input, TResult result)
        {
            CallingThreads.Add(Environment.CurrentManagedThreadId);
            Results.Add(result);
            Received?.Invoke(result);
        }

        public void OnError(TInput input, Exception error)
        {
            CallingThreads.Add(Environment.CurrentManagedThreadId);
            Errors.Add((input, error));
        }

        public void OnMessage(PipelineMessage message)
        {
            CallingThreads.Add(Environment.CurrentManagedThreadId);
            Messages.Add(message);
        }
    }

    /// <summary>Keeps the order in which lines and results reached the sink.</summary>
    private sealed class RecordingSink(ListSink<int, int> inner, List<string> written) : IPipelineSink<int, int>
    {
        public void OnResult(int input, int result)
        {
            written.Add($"result {input}");
            inner.OnResult(input, result);
        }

        public void OnError(int input, Exception error) => inner.OnError(input, error);

        public void OnMessage(PipelineMessage message)
        {
            written.Add("line " + message.Text.Split(' ')[1]);
            inner.OnMessage(message);
        }
    }
}
