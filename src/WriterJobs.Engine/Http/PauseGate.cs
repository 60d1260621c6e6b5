using System;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Http;

/// <summary>
/// When the server answers 429 with a Retry-After, every request of the connection waits until then.
/// Hand-written because neither Polly nor System.Threading.RateLimiting offers a shared "pause everyone until T";
/// it is one timestamp raised atomically.
/// </summary>
internal sealed class PauseGate
{
    private readonly TimeProvider clock;
    private long pausedUntilTicks;

    public PauseGate(TimeProvider clock)
    {
        this.clock = clock;
    }

    public DateTimeOffset PausedUntil => new(Interlocked.Read(ref pausedUntilTicks), TimeSpan.Zero);

    /// <summary>Cheap when no 429 was ever answered: the clock is read only once a pause was set.</summary>
    public bool IsPaused => Interlocked.Read(ref pausedUntilTicks) != 0 && PausedUntil > clock.GetUtcNow();

    public void PauseUntil(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        var seen = Interlocked.Read(ref pausedUntilTicks);
        while (ticks > seen)
        {
            var previous = Interlocked.CompareExchange(ref pausedUntilTicks, ticks, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var wait = PausedUntil - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? clock.Delay(wait, cancellationToken) : Task.CompletedTask;
    }
}
