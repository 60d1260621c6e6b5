using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using WriterJobs.Pipeline;

namespace WriterJobs.MicroBenchmarks;

/// <summary>
/// The runner's hand-off alone: 10,000 items of work that finish on the thread pool, through the runner from one
/// "pipeline" thread, against the same work in 16 plain async loops.
/// </summary>
[MemoryDiagnoser]
public class RunnerBenchmarks
{
    private const int Items = 10_000;
    private const int Concurrency = 16;

    [Params(true, false)]
    public bool Ordered { get; set; }

    [Benchmark(Baseline = true, Description = "16 async loops, no runner")]
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs instance methods only.")]
    public async Task<long> Loops()
    {
        long next = -1;
        long sum = 0;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Items; i = Interlocked.Increment(ref next))
            {
                Interlocked.Add(ref sum, await WorkAsync((int)i, CancellationToken.None));
            }
        }));
        return sum;
    }

    [Benchmark(Description = "PipelineRunner, ThrottleLimit 16, from a pipeline thread")]
    public Task<long> Runner()
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            long sum = 0;
            using (var runner = new PipelineRunner<int, int>(WorkAsync, new PipelineLog(), new PipelineRunnerOptions(Concurrency, Ordered), CancellationToken.None))
            {
                for (var i = 0; i < Items; i++)
                {
                    while (!runner.TryStart(i))
                    {
                        sum += TakeReady(runner);
                    }

                    sum += TakeReady(runner);
                }

                while (!runner.TryComplete())
                {
                    sum += TakeReady(runner);
                }

                sum += TakeReady(runner);
            }

            done.SetResult(sum);
        });
        thread.Start();
        return done.Task;
    }

    private static async Task<int> WorkAsync(int input, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return input;
    }

    // What the pipeline thread writes: here only the sum of the results.
    private static long TakeReady(PipelineRunner<int, int> runner)
    {
        long sum = 0;
        while (runner.TryTake(out var ready))
        {
            sum += ready.Error is null ? ready.Result : throw new InvalidOperationException("No item fails here.", ready.Error);
        }

        return sum;
    }
}
