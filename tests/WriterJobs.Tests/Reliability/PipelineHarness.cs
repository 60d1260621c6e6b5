using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Pipeline;

namespace WriterJobs.Tests.Reliability;

/// <summary>
/// Runs inputs the way a WriterPipelineCommand does: one client per command whose log is the runner, submits on the
/// calling thread, then drains; and keeps what the cmdlet would have written (objects, errors, stream lines).
/// </summary>
internal sealed class PipelineHarness<TInput, TResult> : IPipelineSink<TInput, TResult>
{
    private readonly List<(TInput Input, TResult Result)> results = new();
    private readonly List<(TInput Input, Exception Error)> errors = new();
    private readonly List<PipelineMessage> messages = new();

    public IReadOnlyList<(TInput Input, TResult Result)> Results => results;

    public IReadOnlyList<(TInput Input, Exception Error)> Errors => errors;

    public IReadOnlyList<PipelineMessage> Messages => messages;

    /// <summary>Every line written to Verbose, Debug or Warning.</summary>
    public string Log => string.Join("\n", messages.Select(m => $"{m.Level}: {m.Text}"));

    public static PipelineHarness<TInput, TResult> Run(
        WriterConnection connection,
        IEnumerable<TInput> inputs,
        Func<WriterJobsClient, IWriterLog, Func<TInput, CancellationToken, Task<TResult>>> work,
        int throttleLimit = 32,
        CancellationToken cancellationToken = default)
    {
        var harness = new PipelineHarness<TInput, TResult>();
        Func<TInput, CancellationToken, Task<TResult>>? bound = null;
        using var runner = new PipelineRunner<TInput, TResult>(
            (input, ct) => bound!(input, ct), harness, new PipelineRunnerOptions(throttleLimit), cancellationToken);
        bound = work(connection.CreateClient(runner), runner);
        foreach (var input in inputs)
        {
            runner.Submit(input);
        }

        runner.Complete();
        return harness;
    }

    /// <summary>The ErrorId the cmdlet would write for each failed input.</summary>
    public IReadOnlyList<(TInput Input, string ErrorId)> ErrorIds =>
        errors.Select(e => (e.Input, ErrorMapping.Describe(e.Error, e.Input).ErrorId)).ToList();

    public void OnResult(TInput input, TResult result) => results.Add((input, result));

    public void OnError(TInput input, Exception error) => errors.Add((input, error));

    public void OnMessage(PipelineMessage message) => messages.Add(message);
}
