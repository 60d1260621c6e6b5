using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Emulator;

/// <summary>
/// Waits on the real clock to within about a millisecond. Task.Delay rounds up to the runtime's timer tick: on the
/// 2-core Linux VM, Task.Delay(50 ms) took 52.6 ms on average (Thread.Sleep(50 ms): 50.3 ms), which would make the
/// emulator's "50 ms latency" 5 % slower than asked and charge that to the client under measurement. One thread sleeps
/// until the earliest deadline and completes every wait that is due.
/// </summary>
internal sealed class DeadlineTimer : IDisposable
{
    // A deadline this close is met now: waking for it would only overshoot it by more.
    private static readonly TimeSpan CloseEnough = TimeSpan.FromMilliseconds(0.5);

    private readonly PriorityQueue<TaskCompletionSource, long> due = new();
    private readonly object gate = new();
    private bool stopped;

    public DeadlineTimer() => new Thread(Run) { IsBackground = true, Name = "Emulator deadlines" }.Start();

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            due.Enqueue(done, Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency));
            Monitor.Pulse(gate);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        lock (gate)
        {
            stopped = true;
            Monitor.Pulse(gate);
        }
    }

    private void Run()
    {
        lock (gate)
        {
            while (!stopped)
            {
                if (!due.TryPeek(out var next, out var at))
                {
                    Monitor.Wait(gate);
                    continue;
                }

                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at);
                if (left > CloseEnough)
                {
                    // Whole milliseconds, rounded down: the loop meets the rest of it on waking.
                    Monitor.Wait(gate, Math.Max(1, (int)left.TotalMilliseconds));
                    continue;
                }

                due.Dequeue();
                next.TrySetResult();
            }
        }
    }
}
