using System.Collections.Concurrent;
using System.Threading;

namespace WriterJobs.Pipeline;

/// <summary>
/// A command's log, made before its client and its runner: the work writes Verbose, Debug and Warning lines here from
/// any thread, and they wait until the pipeline thread takes them from the runner.
/// </summary>
internal sealed class PipelineLog : IWriterLog
{
    private readonly ConcurrentQueue<PipelineMessage> lines = new();

    /// <param name="writeDebug">Whether the caller shows Debug lines (-Debug); when not, the work builds none.</param>
    public PipelineLog(bool writeDebug = false) => IsDebugEnabled = writeDebug;

    public bool IsDebugEnabled { get; }

    /// <summary>
    /// Set when a Verbose or Warning line arrives, or (by the runner) when an item finishes; the pipeline thread resets it
    /// before it looks, so a wake-up between its look and its wait is never lost. Debug lines, one a request, wake no one:
    /// they go out with whatever comes next.
    /// </summary>
    internal ManualResetEventSlim Changed { get; } = new(false, spinCount: 0);

    internal bool IsEmpty => lines.IsEmpty;

    public void Verbose(string message) => Post(PipelineMessageLevel.Verbose, message, wake: true);

    public void Debug(string message)
    {
        if (IsDebugEnabled)
        {
            Post(PipelineMessageLevel.Debug, message, wake: false);
        }
    }

    public void Warning(string message) => Post(PipelineMessageLevel.Warning, message, wake: true);

    internal bool TryTake(out PipelineMessage line) => lines.TryDequeue(out line);

    private void Post(PipelineMessageLevel level, string text, bool wake)
    {
        lines.Enqueue(new PipelineMessage(level, text));
        if (wake)
        {
            Changed.Set();
        }
    }
}
