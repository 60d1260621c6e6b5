using System;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace WriterJobs.Tests.Support;

/// <summary>
/// A fake clock that moves only when the test advances it, counting the waits begun on it (timers created with a due
/// time), so a test can tell that a caller is waiting on the clock without sleeping first. Never advanced, its waits
/// end only when cancelled.
/// </summary>
internal sealed class WaitCountingClock : FakeTimeProvider
{
    private int waits;

    /// <summary>Timers created with a due time, that is waits begun.</summary>
    public int Waits => Volatile.Read(ref waits);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Counted once the timer is set, so a test that sees the count and advances the clock fires it.
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Interlocked.Increment(ref waits);
        }

        return timer;
    }
}
