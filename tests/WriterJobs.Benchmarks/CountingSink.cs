using System;
using WriterJobs.Pipeline;

namespace WriterJobs.Benchmarks;

/// <summary>
/// Stands in for the cmdlet: calls the runner as the cmdlet's item pipeline does (each wait, then what is ready) and
/// lets each result go on the pipeline thread, as `| Out-Null` would.
/// </summary>
internal sealed class CountingSink<TInput, TResult>
{
    public long Results { get; private set; }

    public long Errors { get; private set; }

    public long Messages { get; private set; }

    /// <summary>The first error, kept to explain a failed run.</summary>
    public Exception? FirstError { get; private set; }

    public void Submit(PipelineRunner<TInput, TResult> runner, TInput input)
    {
        while (!runner.TryStart(input))
        {
            TakeReady(runner);
        }

        TakeReady(runner);
    }

    public void Complete(PipelineRunner<TInput, TResult> runner)
    {
        while (!runner.TryComplete())
        {
            TakeReady(runner);
        }

        TakeReady(runner);
    }

    private void TakeReady(PipelineRunner<TInput, TResult> runner)
    {
        while (runner.TryTake(out var ready))
        {
            if (ready.Line is not null)
            {
                Messages++;
            }
            else if (ready.Error is { } error)
            {
                FirstError ??= error;
                Errors++;
            }
            else
            {
                Results++;
            }
        }
    }
}
