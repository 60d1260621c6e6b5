using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Retry;
using WriterJobs.Retry.History;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Retry;

/// <summary>
/// Runs started together (each its own connection and its own open history, as separate processes have) against one
/// emulator: each failure is retried once, at any interval, 0 included, and the history says exactly what was sent.
/// </summary>
public sealed class ExactlyOnceTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("writerjobs-once-").FullName;

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 0)]
    [InlineData(5, 0)]
    [InlineData(3, 1)]
    [InlineData(5, 3600)]
    public async Task Runs_started_together_retry_each_failure_once_and_call_the_others_retried_by_another_run(int runs, int intervalSeconds)
    {
        await using var scope = await EmulatorScope.StartAsync(o =>
        {
            o.Jobs = 40;
            o.FailedShare = 1;
            o.CompletionDelay = TimeSpan.FromMinutes(5);
        });
        var budget = new RetryBudget(3, TimeSpan.FromSeconds(intervalSeconds));

        var records = await RunTogetherAsync(scope, runs, budget);

        Assert.All(scope.Store.Ids(), id => Assert.Equal(1, scope.Store.RetryTriggers(id)));
        Assert.All(records.GroupBy(r => r.Id), job => Assert.Single(job, r => r.ActionValue == WriterJobRetryAction.Retried));
        Assert.All(records.Where(r => r.ActionValue != WriterJobRetryAction.Retried), r => Assert.Contains(r.ActionValue, new[] { WriterJobRetryAction.RetriedByAnotherRun, WriterJobRetryAction.Skipped }));
        var history = await RetryHistory.OpenAsync(HistoryPath, budget, true, CancellationToken.None);
        Assert.All(scope.Store.Ids(), id => Assert.Equal(1, history.BudgetOf(id).Retries));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Jobs_that_fail_again_at_once_are_retried_once_a_failure_within_the_budget_and_the_history_counts_every_send(int runs)
    {
        await using var scope = await EmulatorScope.StartAsync(o =>
        {
            o.Jobs = 40;
            o.FailedShare = 1;
            o.RetryOutcomeFailedShare = 1;
            o.CompletionDelay = TimeSpan.FromMilliseconds(20);
        });
        var budget = new RetryBudget(2, TimeSpan.Zero);

        var records = await RunTogetherAsync(scope, runs, budget);

        var history = await RetryHistory.OpenAsync(HistoryPath, budget, true, CancellationToken.None);
        Assert.All(scope.Store.Ids(), id =>
        {
            Assert.InRange(scope.Store.RetryTriggers(id), 1, 2);
            Assert.Equal(scope.Store.RetryTriggers(id), history.BudgetOf(id).Retries);
        });
        Assert.DoesNotContain(records, r => r.ActionValue is WriterJobRetryAction.Failed or WriterJobRetryAction.TooSoon);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string HistoryPath => Path.Combine(folder, "retries.json");

    private async Task<List<WriterJobRetryResult>> RunTogetherAsync(EmulatorScope scope, int runs, RetryBudget budget)
    {
        var connections = Enumerable.Range(0, runs).Select(_ => scope.Connect(_ => { })).ToList();
        try
        {
            using var start = new ManualResetEventSlim();
            var work = connections.Select(connection => Task.Run(async () =>
            {
                using var history = await RetryHistory.OpenAsync(HistoryPath, budget, CancellationToken.None);
                var retrier = new WriterJobRetrier(connection.CreateClient(), new CapturingLog(), new WriterJobRetryOptions(), history);
                start.Wait();
                using var slots = new SemaphoreSlim(16);
                return await Task.WhenAll(scope.Store.Ids().Select(async id =>
                {
                    await slots.WaitAsync();
                    try
                    {
                        return await retrier.RetryAsync(new WriterJobRequest(id), CancellationToken.None);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            })).ToList();
            start.Set();
            return (await Task.WhenAll(work)).SelectMany(run => run).ToList();
        }
        finally
        {
            connections.ForEach(connection => connection.Dispose());
        }
    }
}
