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
/// Runs inputs the way a cmdlet's item pipeline does: the log, one client per command writing to it, the runner working
/// each input with that client; submits on the calling thread, then drains; and returns what the cmdlet would have
/// written (objects, errors, stream lines).
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
        var log = new PipelineLog();
        using var runner = new PipelineRunner<TInput, TResult>(work(connection.CreateClient(log), log), log, new PipelineRunnerOptions(throttleLimit), cancellationToken);
        foreach (var input in inputs)
        {
            sink.Submit(runner, input);
        }

        sink.Complete(runner);
        return sink;
    }
}
