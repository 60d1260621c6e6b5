using System.Threading;

namespace WriterJobs.Retry;

/// <summary>The most retries one command sends (-MaxRetryCount): a slot is taken before a send and given back when
/// nothing was sent after all.</summary>
internal sealed class RetryRunLimit
{
    private readonly int? max;
    private int taken;

    public RetryRunLimit(int? max) => this.max = max;

    public int? Max => max;

    public bool TryTake()
    {
        if (max is not { } most)
        {
            return true;
        }

        while (true)
        {
            var now = Volatile.Read(ref taken);
            if (now >= most)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref taken, now + 1, now) == now)
            {
                return true;
            }
        }
    }

    public void GiveBack()
    {
        if (max is not null)
        {
            Interlocked.Decrement(ref taken);
        }
    }
}
