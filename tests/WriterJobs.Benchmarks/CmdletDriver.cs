using System;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Http;
using WriterJobs.Pipeline;

namespace WriterJobs.Benchmarks;

/// <summary>
/// Drives the engine exactly as Get-WriterJob does: BeginProcessing makes the runner and a client logging to it,
/// ProcessRecord submits each ID, EndProcessing completes; all on one dedicated "pipeline thread".
/// </summary>
internal static class CmdletDriver
{
    public static Task<PipelineRun> GetJobsAsync(WriterConnection connection, Func<long, Guid> idAt, long count, PipelineRunnerOptions options)
    {
        WriterJobsClient? client = null;
        return RunAsync<Guid, WriterJob>((id, ct) => client!.GetJobAsync(id, ct), runner => client = connection.CreateClient(runner.Log), idAt, count, options);
    }

    /// <summary>Runs <paramref name="count"/> inputs through a runner on a thread of its own, as PowerShell's pipeline thread would.</summary>
    public static Task<PipelineRun> RunAsync<TInput, TResult>(
        Func<TInput, CancellationToken, Task<TResult>> work,
        Action<PipelineRunner<TInput, TResult>> beginProcessing,
        Func<long, TInput> inputAt,
        long count,
        PipelineRunnerOptions options)
    {
        var done = new TaskCompletionSource<PipelineRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Run(work, beginProcessing, inputAt, count, options));
            }
#pragma warning disable CA1031 // Any failure is the run's result, reported by the caller.
            catch (Exception error)
#pragma warning restore CA1031
            {
                done.SetException(error);
            }
        })
        {
            IsBackground = true,
            Name = "pipeline",
        };
        thread.Start();
        return done.Task;
    }

    private static PipelineRun Run<TInput, TResult>(
        Func<TInput, CancellationToken, Task<TResult>> work,
        Action<PipelineRunner<TInput, TResult>> beginProcessing,
        Func<long, TInput> inputAt,
        long count,
        PipelineRunnerOptions options)
    {
        var sink = new CountingSink<TInput, TResult>();
        var meter = RunMeter.Start();
        long maxAlive = 0;
        using (var runner = new PipelineRunner<TInput, TResult>(work, sink, options, CancellationToken.None))
        {
            beginProcessing(runner);
            for (long i = 0; i < count; i++)
            {
                runner.Submit(inputAt(i));
                maxAlive = Math.Max(maxAlive, runner.Submitted - runner.Emitted);
            }

            runner.Complete();
        }

        return meter.Stop(count, sink.Results, sink.Errors, maxAlive, sink.FirstError);
    }
}
