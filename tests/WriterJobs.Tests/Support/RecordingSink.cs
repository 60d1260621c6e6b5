using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using WriterJobs.Output;
using WriterJobs.Pipeline;

namespace WriterJobs.Tests.Support;

/// <summary>
/// Stands in for the cmdlet in front of a runner: calls it as the cmdlet's item pipeline does (each wait, then what is
/// ready), and keeps what it would have written, in the order written, and on which threads.
/// </summary>
internal sealed class RecordingSink<TInput, TResult>
{
    private readonly List<(TInput Input, TResult Result)> results = new();
    private readonly List<(TInput Input, Exception Error)> errors = new();
    private readonly List<PipelineMessage> messages = new();
    private readonly List<string> written = new();

    public IReadOnlyList<(TInput Input, TResult Result)> Results => results;

    public IReadOnlyList<(TInput Input, Exception Error)> Errors => errors;

    public IReadOnlyList<PipelineMessage> Messages => messages;

    /// <summary>"result {input}", "error {input}" and "{Level}: {text}", in the order they reached the sink.</summary>
    public IReadOnlyList<string> Written => written;

    /// <summary>Every line written to Verbose, Debug or Warning.</summary>
    public string Log => string.Join("\n", messages.Select(m => $"{m.Level}: {m.Text}"));

    /// <summary>The ErrorId the cmdlet would write for each failed input.</summary>
    public IReadOnlyList<(TInput Input, string ErrorId)> ErrorIds =>
        errors.Select(e => (e.Input, ErrorMapping.Describe(e.Error, e.Input).ErrorId)).ToList();

    public ConcurrentBag<int> CallingThreads { get; } = new();

    /// <summary>Told of each result as it reaches the sink.</summary>
    public Action<TResult>? Received { get; init; }

    public void Submit(PipelineRunner<TInput, TResult> runner, TInput input) => Until(runner, () => runner.TryStart(input));

    public void Add(PipelineRunner<TInput, TResult> runner, TInput input, TResult result) => Until(runner, () => runner.TryAdd(input, result));

    public void Complete(PipelineRunner<TInput, TResult> runner) => Until(runner, runner.TryComplete);

    private void Until(PipelineRunner<TInput, TResult> runner, Func<bool> wait)
    {
        while (!wait())
        {
            TakeReady(runner);
        }

        TakeReady(runner);
    }

    private void TakeReady(PipelineRunner<TInput, TResult> runner)
    {
        while (runner.TryTake(out var ready))
        {
            if (ready.Line is { } line)
            {
                OnMessage(line);
            }
            else if (ready.Error is { } error)
            {
                OnError(ready.Input, error);
            }
            else
            {
                OnResult(ready.Input, ready.Result);
            }
        }
    }

    private void OnResult(TInput input, TResult result)
    {
        Note($"result {input}");
        results.Add((input, result));
        Received?.Invoke(result);
    }

    private void OnError(TInput input, Exception error)
    {
        Note($"error {input}");
        errors.Add((input, error));
    }

    private void OnMessage(PipelineMessage message)
    {
        Note($"{message.Level}: {message.Text}");
        messages.Add(message);
    }

    private void Note(string entry)
    {
        CallingThreads.Add(Environment.CurrentManagedThreadId);
        written.Add(entry);
    }
}
