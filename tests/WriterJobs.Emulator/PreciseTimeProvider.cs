using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Emulator;

/// <summary>
/// The system clock, with timers that fire to within about a millisecond: the emulator's default
/// <see cref="EmulatorOptions.Clock"/>. The runtime's timers round up to its tick: on the 2-core Linux VM,
/// Task.Delay(50 ms) took 52.6 ms on average (Thread.Sleep(50 ms): 50.3 ms), which would make the emulator's "50 ms
/// latency" 5 % slower than asked and charge that to the client under measurement. One thread sleeps until the
/// earliest deadline and fires every timer that is due; the callbacks run on the thread pool.
/// </summary>
internal sealed class PreciseTimeProvider : TimeProvider
{
    // A deadline this close is met now: waking for it would only overshoot it by more.
    private static readonly TimeSpan CloseEnough = TimeSpan.FromMilliseconds(0.5);

    private readonly PriorityQueue<(DeadlineTimer Timer, long Generation), long> due = new();
    private readonly object gate = new();

    private PreciseTimeProvider() => new Thread(Run) { IsBackground = true, Name = "Emulator deadlines" }.Start();

    public static PreciseTimeProvider Instance { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new DeadlineTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(DeadlineTimer timer, long generation, TimeSpan dueTime)
    {
        lock (gate)
        {
            due.Enqueue((timer, generation), GetTimestamp() + (long)(dueTime.TotalSeconds * TimestampFrequency));
            Monitor.Pulse(gate);
        }
    }

    private void Run()
    {
        lock (gate)
        {
            while (true)
            {
                if (!due.TryPeek(out var next, out var at))
                {
                    Monitor.Wait(gate);
                    continue;
                }

                var left = GetElapsedTime(GetTimestamp(), at);
                if (left > CloseEnough)
                {
                    // Whole milliseconds, rounded down: the loop meets the rest of it on waking.
                    Monitor.Wait(gate, Math.Max(1, (int)left.TotalMilliseconds));
                    continue;
                }

                due.Dequeue();
                next.Timer.Fire(next.Generation);
            }
        }
    }

    /// <summary>One timer; each change starts a new generation, and a firing scheduled by an older one is ignored.</summary>
    private sealed class DeadlineTimer(PreciseTimeProvider provider, TimerCallback callback, object? state) : ITimer
    {
        private long generation;
        private TimeSpan period;
        private bool disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (Volatile.Read(ref disposed))
            {
                return false;
            }

            this.period = period;
            var current = Interlocked.Increment(ref generation);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                provider.Schedule(this, current, dueTime);
            }

            return true;
        }

        public void Dispose()
        {
            Volatile.Write(ref disposed, true);
            Interlocked.Increment(ref generation);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        // On the provider's thread, under its lock: only queues the callback, so that thread keeps time for the others.
        public void Fire(long scheduled)
        {
            if (Interlocked.Read(ref generation) != scheduled)
            {
                return;
            }

            ThreadPool.UnsafeQueueUserWorkItem(static work => work.callback(work.state), (callback, state), preferLocal: false);
            if (period != Timeout.InfiniteTimeSpan)
            {
                provider.Schedule(this, scheduled, period);
            }
        }
    }
}
