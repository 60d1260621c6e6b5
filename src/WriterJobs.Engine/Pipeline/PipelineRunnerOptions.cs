using System;

namespace WriterJobs.Pipeline;

/// <summary>How many items run at once and in which order their results come out.</summary>
public sealed class PipelineRunnerOptions
{
    public const int DefaultThrottleLimit = 16;

    public PipelineRunnerOptions(int throttleLimit = DefaultThrottleLimit, bool ordered = true, int? reorderBufferLimit = null, int? readAheadLimit = null, bool writeDebug = false)
    {
        if (throttleLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "At least one item must be allowed in flight.");
        }

        ThrottleLimit = throttleLimit;
        Ordered = ordered;
        ReorderBufferLimit = reorderBufferLimit ?? Math.Max(16, 8 * throttleLimit);
        if (ReorderBufferLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(reorderBufferLimit), reorderBufferLimit, "The reorder buffer cannot be negative.");
        }

        ReadAheadLimit = readAheadLimit ?? 4 * throttleLimit;
        WriteDebug = writeDebug;
        if (ReadAheadLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(readAheadLimit), readAheadLimit, "At least one input must be accepted ahead.");
        }
    }

    /// <summary>The most items in flight at once; 1 runs them strictly one after another.</summary>
    public int ThrottleLimit { get; }

    /// <summary>Emit results in the order the inputs arrived (true), or as each finishes (false).</summary>
    public bool Ordered { get; }

    /// <summary>
    /// In ordered mode, the most finished results held back behind a slower earlier one; when it is full, intake
    /// waits for the oldest, so memory stays bounded whatever the input count.
    /// </summary>
    public int ReorderBufferLimit { get; }

    /// <summary>
    /// The most inputs accepted before a slot is free for them (default: 4 × ThrottleLimit). A finishing item starts
    /// the next of them at once; the pipeline thread is woken to refill the queue when a quarter of it has started.
    /// </summary>
    public int ReadAheadLimit { get; }

    /// <summary>Whether the caller shows Debug lines (-Debug); when not, the work builds none.</summary>
    public bool WriteDebug { get; }
}
