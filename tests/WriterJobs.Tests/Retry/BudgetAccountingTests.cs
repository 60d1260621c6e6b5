using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Retry;
using WriterJobs.Retry.History;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Retry;

/// <summary>The budget counts what was sent, and nothing else: claimed after the rate gate, given back when nothing left.</summary>
public sealed class BudgetAccountingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("writerjobs-budget-").FullName;

    private string HistoryPath => Path.Combine(folder, "retries.json");

    [Fact]
    public async Task A_retry_still_waiting_at_the_rate_gate_has_claimed_nothing_when_Ctrl_C_ends_it()
    {
        await using var scope = await StartAsync(jobs: 2);
        using var connection = scope.Connect(s => s.RequestsPerMinute = 60);
        using var history = await OpenAsync(new RetryBudget(3, TimeSpan.Zero));
        var retrier = new WriterJobRetrier(connection.CreateClient(), scope.Log, new WriterJobRetryOptions { Force = true }, history);
        using var stop = new CancellationTokenSource();
        var (first, second) = (scope.Store.Ids()[0], scope.Store.Ids()[1]);

        await retrier.RetryAsync(new WriterJobRequest(first), stop.Token);
        var waiting = retrier.RetryAsync(new WriterJobRequest(second), stop.Token);
        await Task.Delay(300);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await history.FlushAsync();
        Assert.Equal(1, (await ReadAsync()).BudgetOf(first).Retries);
        Assert.Equal(0, (await ReadAsync()).BudgetOf(second).Retries);
    }

    [Fact]
    public async Task A_retry_the_server_refused_with_429_and_then_took_counts_once()
    {
        await using var scope = await StartAsync(jobs: 1);
        var id = scope.Store.Ids()[0];
        scope.Faults.RetryAfter = TimeSpan.FromMilliseconds(50);
        scope.Faults.ForceStatus(429, id, count: 2);
        using var history = await OpenAsync(new RetryBudget(1, TimeSpan.Zero));

        var result = await new WriterJobRetrier(scope.Client, scope.Log, new WriterJobRetryOptions { Force = true }, history).RetryAsync(new WriterJobRequest(id), default);

        Assert.Equal(WriterJobRetryAction.Retried, result.ActionValue);
        await history.FlushAsync();
        Assert.Equal(1, (await ReadAsync()).BudgetOf(id).Retries);
        Assert.Equal(1, scope.Store.RetryTriggers(id));
    }

    [Fact]
    public async Task A_retry_that_never_reached_the_API_is_given_back()
    {
        await using var scope = await StartAsync(jobs: 1);
        var id = scope.Store.Ids()[0];
        using var closed = scope.Connect(s => { s.BaseUri = new Uri("http://127.0.0.1:9/"); s.MaxRetries = 0; });
        using var history = await OpenAsync(new RetryBudget(3, TimeSpan.Zero));

        var error = await Assert.ThrowsAsync<WriterApiException>(() => new WriterJobRetrier(closed.CreateClient(), scope.Log, new WriterJobRetryOptions { Force = true }, history).RetryAsync(new WriterJobRequest(id), default));

        Assert.Equal(WriterErrorKind.Unreachable, error.Kind);
        await history.FlushAsync();
        Assert.Equal(0, (await ReadAsync()).BudgetOf(id).Retries);
    }

    [Fact]
    public async Task A_retry_the_server_applies_after_the_timeout_is_not_sent_again_beyond_a_budget_of_one()
    {
        await using var scope = await EmulatorScope.StartAsync(o =>
        {
            o.Jobs = 1;
            o.FailedShare = 1;
            o.RetryOutcomeFailedShare = 1;
            o.CompletionDelay = TimeSpan.FromMilliseconds(10);
        });
        var id = scope.Store.Ids()[0];
        scope.Faults.StallDuration = TimeSpan.FromMilliseconds(1500);
        scope.Faults.SetProfile(EmulatorEndpoint.RetryJob, FaultProfile.Always(FaultKind.ApplyLate));
        using var connection = scope.Connect(s => { s.RequestTimeout = TimeSpan.FromSeconds(1); s.RetryBaseDelay = TimeSpan.FromSeconds(1); });
        using var history = await OpenAsync(new RetryBudget(1, TimeSpan.Zero));

        var error = await Assert.ThrowsAsync<WriterApiException>(() => new WriterJobRetrier(connection.CreateClient(), scope.Log, new WriterJobRetryOptions(), history).RetryAsync(new WriterJobRequest(id), default));
        await Task.Delay(2000);

        Assert.Equal(WriterErrorKind.OutcomeUnknown, error.Kind);
        Assert.Contains("the most its retry budget allows", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, scope.Store.RetryTriggers(id));
        Assert.Equal(1, (await ReadAsync()).BudgetOf(id).Retries);
    }

    [Fact]
    public async Task Force_retries_whatever_the_budget_says_and_still_records_the_retry()
    {
        await using var scope = await StartAsync(jobs: 1);
        var id = scope.Store.Ids()[0];
        using var history = await OpenAsync(new RetryBudget(1, TimeSpan.FromHours(1)));
        await history.ClaimAsync(id, CancellationToken.None);

        var result = await new WriterJobRetrier(scope.Client, scope.Log, new WriterJobRetryOptions { Force = true }, history).RetryAsync(new WriterJobRequest(id), default);

        Assert.Equal(WriterJobRetryAction.Retried, result.ActionValue);
        Assert.Equal(2, (await ReadAsync()).BudgetOf(id).Retries);
    }

    [Fact]
    public async Task The_limit_per_command_and_the_age_filter_send_nothing_for_the_jobs_they_leave_out()
    {
        await using var scope = await StartAsync(jobs: 6);
        var retrier = new WriterJobRetrier(scope.Client, scope.Log, new WriterJobRetryOptions { MaxRetryCount = 2 });
        var old = new WriterJobRetrier(scope.Client, scope.Log, new WriterJobRetryOptions { FailedWithin = TimeSpan.FromMinutes(1) });

        var results = await Task.WhenAll(scope.Store.Ids().Take(4).Select(id => retrier.RetryAsync(new WriterJobRequest(id), default)));
        var tooOld = await old.RetryAsync(new WriterJobRequest(scope.Store.Ids()[5]), default);

        Assert.Equal(2, results.Count(r => r.ActionValue == WriterJobRetryAction.Retried));
        Assert.Equal(2, results.Count(r => r.ActionValue == WriterJobRetryAction.LimitReached));
        Assert.Equal(WriterJobRetryAction.TooOld, tooOld.ActionValue);
        Assert.Equal(2, scope.Store.RetryTotals().Triggers);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Task<EmulatorScope> StartAsync(int jobs) => EmulatorScope.StartAsync(o =>
    {
        o.Jobs = jobs;
        o.FailedShare = 1;
        o.CompletionDelay = TimeSpan.FromMinutes(5);
    });

    private Task<RetryHistory> OpenAsync(RetryBudget budget) => RetryHistory.OpenAsync(HistoryPath, budget, CancellationToken.None);

    private Task<RetryHistory> ReadAsync() => RetryHistory.OpenAsync(HistoryPath, new RetryBudget(3, TimeSpan.Zero), true, CancellationToken.None);
}
