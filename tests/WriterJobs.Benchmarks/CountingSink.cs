using System;
using System.Threading;
using WriterJobs.Pipeline;

namespace WriterJobs.Benchmarks;

/// <summary>Stands in for the cmdlet: receives each result on the pipeline thread and lets it go, as `| Out-Null` would.</summary>
internal sealed class CountingSink<TInput, TResult> : IPipelineSink<TInput, TResult>
{
    private long results;
    private long errors;
    private long messages;

    public long Results => Interlocked.Read(ref results);

    public long Errors => Interlocked.Read(ref errors);

    public long Messages => Interlocked.Read(ref messages);

    /// <summary>The first error, kept to explain a failed run.</summary>
    public Exception? FirstError { get; private set; }

    public void OnResult(TInput input, TResult result) => Interlocked.Increment(ref results);

    public void OnError(TInput input, Exception error)
    {
        FirstError ??= error;
        Interlocked.Increment(ref errors);
    }

    public void OnMessage(PipelineMessage message) => Interlocked.Increment(ref messages);
}
