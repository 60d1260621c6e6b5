using System;

namespace WriterJobs.Pipeline;

/// <summary>How many items run at once and in which order their results come out.</summary>
internal sealed class PipelineRunnerOptions
{
    public const int DefaultThrottleLimit = 16;

    public PipelineRunnerOptions(int throttleLimit = DefaultThrottleLimit, bool ordered = true, int? reorderBufferLimit = null)
    {
        if (throttleLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "At least one item must be allowed in flight.");
        }

        ReorderBufferLimit = reorderBufferLimit ?? 3 * throttleLimit;
        if (ReorderBufferLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(reorderBufferLimit), reorderBufferLimit, "The reorder buffer cannot be negative.");
        }

        ThrottleLimit = throttleLimit;
        Ordered = ordered;
    }

    /// <summary>The most items in flight at once; 1 runs them strictly one after another.</summary>
    public int ThrottleLimit { get; }

    /// <summary>Emit results in the order the inputs arrived (true), or as each finishes (false).</summary>
    public bool Ordered { get; }

    /// <summary>
    /// The most finished results held back behind a slower earlier one (ordered), or not yet emitted (unordered); when
    /// it is full, intake waits, so at most ThrottleLimit plus this many items are alive whatever the input count.
    /// </summary>
    public int ReorderBufferLimit { get; }
}
