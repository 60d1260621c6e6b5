using System;

namespace WriterJobs.Benchmarks;

/// <summary>What one run did: time, outcomes, the most items alive at once, and the CPU and bytes it cost the process.</summary>
internal sealed record PipelineRun(long Count, TimeSpan Elapsed, long Results, long Errors, long MaxAlive, Exception? FirstError, TimeSpan Cpu, long AllocatedBytes)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double CpuMicrosecondsEach => Cpu.TotalMilliseconds * 1000 / Count;

    public double BytesEach => (double)AllocatedBytes / Count;

    /// <summary>Throws when any item failed, so a broken run never prints a table row as if it had worked.</summary>
    public PipelineRun EnsureAllSucceeded()
    {
        if (Errors > 0 || Results != Count)
        {
            throw new InvalidOperationException($"{Errors} of {Count} items failed; the first: {FirstError?.Message}", FirstError);
        }

        return this;
    }
}
