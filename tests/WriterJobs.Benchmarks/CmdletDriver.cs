using System;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Pipeline;

namespace WriterJobs.Benchmarks;

/// <summary>
/// Drives the engine exactly as Get-WriterJob does: BeginProcessing makes the log, a client logging to it and the runner
/// working with that client, ProcessRecord submits each ID, EndProcessing completes; all on one dedicated "pipeline thread".
/// </summary>
internal static class CmdletDriver
{
    public static Task<PipelineRun> GetJobsAsync(WriterConnection connection, Func<long, Guid> idAt, long count, PipelineRunnerOptions options)
        => RunAsync<Guid, WriterJob>(log => connection.CreateClient(log).GetJobAsync, idAt, count, options);

    /// <summary>Runs <paramref name="count"/> inputs through a runner on a thread of its own, as PowerShell's pipeline thread would.</summary>
    public static Task<PipelineRun> RunAsync<TInput, TResult>(
        Func<PipelineLog, Func<TInput, CancellationToken, Task<TResult>>> work,
        Func<long, TInput> inputAt,
        long count,
        PipelineRunnerOptions options)
    {
        var done = new TaskCompletionSource<PipelineRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Run(work, inputAt, count, options));
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
        Func<PipelineLog, Func<TInput, CancellationToken, Task<TResult>>> work,
        Func<long, TInput> inputAt,
        long count,
        PipelineRunnerOptions options)
    {
        var sink = new CountingSink<TInput, TResult>();
        var meter = RunMeter.Start();
        long maxAlive = 0;
        var log = new PipelineLog();
        using (var runner = new PipelineRunner<TInput, TResult>(work(log), log, options, CancellationToken.None))
        {
            for (long i = 0; i < count; i++)
            {
                sink.Submit(runner, inputAt(i));
                maxAlive = Math.Max(maxAlive, runner.Submitted - runner.Emitted);
            }

            sink.Complete(runner);
        }

        return meter.Stop(count, sink.Results, sink.Errors, maxAlive, sink.FirstError);
    }
}
