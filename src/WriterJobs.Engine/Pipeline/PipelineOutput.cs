using System;

namespace WriterJobs.Pipeline;

/// <summary>What the runner has ready for the pipeline thread: a log line, or one item's result or error.</summary>
internal readonly struct PipelineOutput<TInput, TResult>
{
    private PipelineOutput(PipelineMessage? line, TInput input, TResult result, Exception? error)
    {
        Line = line;
        Input = input;
        Result = result;
        Error = error;
    }

    /// <summary>A log line, when this is one; then there is no item.</summary>
    public PipelineMessage? Line { get; }

    public TInput Input { get; }

    /// <summary>The item's result, unless it failed (<see cref="Error"/>).</summary>
    public TResult Result { get; }

    public Exception? Error { get; }

    internal static PipelineOutput<TInput, TResult> ForLine(PipelineMessage line) => new(line, default!, default!, null);

    internal static PipelineOutput<TInput, TResult> ForResult(TInput input, TResult result) => new(null, input, result, null);

    internal static PipelineOutput<TInput, TResult> ForError(TInput input, Exception error) => new(null, input, default!, error);
}
