using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace WriterJobs.Output;

/// <summary>
/// Holds what would end a command (a Stop preference thrown by WriteError or WriteWarning, a terminating error) until
/// the command has written a record for every input it was given, then throws it as it was. PowerShell still takes
/// output after such a throw; after Ctrl+C it takes none, so nothing is held then.
/// </summary>
internal sealed class DeferredStop
{
    private readonly CancellationToken cancellation;
    private ExceptionDispatchInfo? held;

    public DeferredStop(CancellationToken cancellation) => this.cancellation = cancellation;

    public bool IsStopping => held is not null;

    /// <summary>Why the command stops, for the records of the inputs it does not start.</summary>
    public string Reason => held?.SourceException.Message ?? string.Empty;

    /// <summary>Writes; what the write throws to end the command is held.</summary>
    public void Hold(Action write)
    {
        try
        {
            write();
        }
        catch (Exception stopping) when (!cancellation.IsCancellationRequested && stopping is not OperationCanceledException)
        {
            Keep(stopping);
        }
    }

    /// <summary>Writes only while the command is not stopping yet (an item's error: the first one stops it, the others
    /// are said by their records).</summary>
    public void HoldUnlessStopping(Action write)
    {
        if (!IsStopping)
        {
            Hold(write);
        }
    }

    /// <summary>Holds an exception caught elsewhere; the first one held is the one thrown.</summary>
    public void Keep(Exception stopping) => held ??= ExceptionDispatchInfo.Capture(stopping);

    /// <summary>Once the remaining records are out (<paramref name="drain"/>), throws what was held.</summary>
    public void ThrowIfHeld(Action drain)
    {
        if (held is { } stopping)
        {
            drain();
            stopping.Throw();
        }
    }
}
