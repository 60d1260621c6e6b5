using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Http;
using WriterJobs.Pipeline;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>
/// Runs inputs the way a WriterPipelineCommand does: one client per command whose log is the runner's, submits on the
/// calling thread, then drains; and returns what the cmdlet would have written (objects, errors, stream lines).
/// </summary>
internal static class PipelineHarness<TInput, TResult>
{
    public static RecordingSink<TInput, TResult> Run(
        WriterConnection connection,
        IEnumerable<TInput> inputs,
        Func<WriterJobsClient, IWriterLog, Func<TInput, CancellationToken, Task<TResult>>> work,
        int throttleLimit = 32,
        CancellationToken cancellationToken = default)
    {
        var sink = new RecordingSink<TInput, TResult>();
        Func<TInput, CancellationToken, Task<TResult>>? bound = null;
        using var runner = new PipelineRunner<TInput, TResult>(
            (input, ct) => bound!(input, ct), sink, new PipelineRunnerOptions(throttleLimit), cancellationToken);
        bound = work(connection.CreateClient(runner.Log), runner.Log);
        foreach (var input in inputs)
        {
            runner.Submit(input);
        }

        runner.Complete();
        return sink;
    }
}
