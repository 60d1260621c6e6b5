using System;
using System.Threading;

namespace WriterJobs.Tests.Support;

/// <summary>
/// A fake clock that never moves: its timers never fire, so a wait on it ends only when cancelled. It counts the
/// waits begun on it, so a test can tell when a server has reached a wait without sleeping to give it time.
/// </summary>
internal sealed class StoppedClock : TimeProvider
{
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;
    private int waits;

    /// <summary>Timers created with a due time, that is waits begun.</summary>
    public int Waits => Volatile.Read(ref waits);

    public override DateTimeOffset GetUtcNow() => now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Interlocked.Increment(ref waits);
        }

        return new Never();
    }

    private sealed class Never : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public System.Threading.Tasks.ValueTask DisposeAsync() => default;
    }
}
