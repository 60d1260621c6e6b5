using System;
using System.Threading.Tasks;

namespace WriterJobs.Pipeline;

// What is ready and in which turn: in input order the finished items at the head of the held queue, unordered as they
// finished; taking one turns its task into a result or an error.
internal sealed partial class PipelineRunner<TInput, TResult>
{
    private bool HasReady() =>
        batch > 0 || !log.IsEmpty || (options.Ordered ? held.Count > 0 && held.Peek().Task.IsCompleted : !finished.IsEmpty);

    private int FinishedAtHead()
    {
        var count = 0;
        foreach (var item in held)
        {
            if (!item.Task.IsCompleted)
            {
                break;
            }

            count++;
        }

        return count;
    }

    private Item TakeFinished() =>
        finished.TryDequeue(out var item) ? item : throw new InvalidOperationException("A counted finished item went missing.");

    private PipelineOutput<TInput, TResult> Take(Item item)
    {
        untaken--;
        Emitted++;
        var task = item.Task;
        if (task.Status == TaskStatus.RanToCompletion)
        {
            return PipelineOutput<TInput, TResult>.ForResult(item.Input, task.Result);
        }

        if (task.IsCanceled && cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return PipelineOutput<TInput, TResult>.ForError(item.Input, task.Exception?.InnerExceptions.Count == 1 ? task.Exception.InnerException! : (Exception?)task.Exception ?? new OperationCanceledException());
    }

    private readonly struct Item
    {
        public Item(TInput input, Task<TResult> task)
        {
            Input = input;
            Task = task;
        }

        public TInput Input { get; }

        public Task<TResult> Task { get; }
    }
}
