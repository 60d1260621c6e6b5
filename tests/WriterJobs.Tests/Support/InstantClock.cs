using System;
using System.Threading;

namespace WriterJobs.Tests.Support;

/// <summary>
/// A fake clock whose every wait ends at once and moves the clock forward by its length, so a test reads how long a
/// run would have taken without taking it. With one call at a time that is exactly the run's length; with several at
/// once, an upper bound (their waits add up instead of overlapping).
/// </summary>
/// <remarks>Not FakeTimeProvider: that moves only when a test advances it, and fires timers on the advancing thread
/// before the caller has stored them.</remarks>
internal sealed class InstantClock : TimeProvider
{
    private readonly DateTimeOffset start = DateTimeOffset.UtcNow;
    private long elapsedTicks;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref elapsedTicks));

    public override DateTimeOffset GetUtcNow() => start + Elapsed;

    /// <summary>Moves the clock forward, as if that much time had passed with nothing waiting on it.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref elapsedTicks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Interlocked.Add(ref elapsedTicks, dueTime.Ticks);

            // Off this thread: the caller may not have stored the timer yet when it fires.
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new Fired();
    }

    private sealed class Fired : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public System.Threading.Tasks.ValueTask DisposeAsync() => default;
    }
}
