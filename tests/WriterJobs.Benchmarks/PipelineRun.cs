using System;
using System.Diagnostics;

namespace WriterJobs.Benchmarks;

/// <summary>What one run through the runner did: time, outcomes, and the most items alive at once.</summary>
internal sealed record PipelineRun(long Count, TimeSpan Elapsed, long Results, long Errors, long MaxAlive, Exception? FirstError)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    /// <summary>Throws when any item failed, so a broken run never prints a table row as if it had worked.</summary>
    public PipelineRun EnsureAllSucceeded()
    {
        if (Errors > 0 || Results != Count)
        {
            throw new InvalidOperationException($"{Errors} of {Count} items failed; the first: {FirstError?.Message}", FirstError);
        }

        return this;
    }

    public static TimeSpan Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp);
}
