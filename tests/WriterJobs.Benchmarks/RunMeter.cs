using System;
using System.Diagnostics;

namespace WriterJobs.Benchmarks;

/// <summary>
/// Wall time, process CPU time and bytes allocated since it started. On a loaded machine wall time is noisy;
/// CPU and allocations per request are what the engine itself costs (the in-process emulator's share is the same for both P2 sides).
/// </summary>
internal readonly struct RunMeter
{
    private readonly long startedAt;
    private readonly TimeSpan cpuAtStart;
    private readonly long allocatedAtStart;

    private RunMeter(long startedAt, TimeSpan cpuAtStart, long allocatedAtStart)
    {
        this.startedAt = startedAt;
        this.cpuAtStart = cpuAtStart;
        this.allocatedAtStart = allocatedAtStart;
    }

    public static RunMeter Start() => new(Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true));

    public PipelineRun Stop(long count, long results, long errors, long maxAlive, Exception? firstError) => new(
        count,
        Stopwatch.GetElapsedTime(startedAt),
        results,
        errors,
        maxAlive,
        firstError,
        Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart,
        GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart);
}
