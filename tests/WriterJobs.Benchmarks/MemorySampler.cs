using System;
using System.Threading;

namespace WriterJobs.Benchmarks;

/// <summary>Samples the managed heap and the working set every few milliseconds and keeps the peaks above the start.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly long heapAtStart;
    private readonly long workingSetAtStart;
    private readonly Timer timer;
    private long heapPeak;
    private long workingSetPeak;

    public MemorySampler()
    {
        // Start from a collected heap so the growth is the run's, not garbage left by earlier scenarios.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        heapAtStart = GC.GetTotalMemory(false);
        workingSetAtStart = Environment.WorkingSet;
        heapPeak = heapAtStart;
        workingSetPeak = workingSetAtStart;
        timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
    }

    /// <summary>The highest managed heap (live objects and garbage not yet collected) over the start, in bytes.</summary>
    public long HeapGrowth => Interlocked.Read(ref heapPeak) - heapAtStart;

    public long WorkingSetGrowth => Interlocked.Read(ref workingSetPeak) - workingSetAtStart;

    public void Sample()
    {
        Raise(ref heapPeak, GC.GetTotalMemory(false));
        Raise(ref workingSetPeak, Environment.WorkingSet);
    }

    public void Dispose()
    {
        timer.Dispose();
        Sample();
    }

    private static void Raise(ref long peak, long value)
    {
        for (var seen = Interlocked.Read(ref peak); value > seen; seen = Interlocked.Read(ref peak))
        {
            Interlocked.CompareExchange(ref peak, value, seen);
        }
    }
}
