using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Http;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>One rate limit and one 429 pause for every request of a connection, whichever command sent it.</summary>
public sealed class RateLimitTests
{
    /// <summary>Only a hang guard: reached only when the behaviour breaks.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_429_with_Retry_After_pauses_the_other_requests_of_the_connection()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 2);
        var (a, b) = (scope.Store.Ids()[0], scope.Store.Ids()[1]);
        scope.Faults.RetryAfter = TimeSpan.FromMilliseconds(600);
        scope.Faults.ForceStatus(429, a, count: 1);
        var clock = new WaitCountingClock();
        using var connection = scope.Connect(_ => { }, clock);
        var log = new CapturingLog();

        // The refused request waits on the clock for its retry, which moves only when the test moves it.
        var first = connection.CreateClient(log).GetJobAsync(a);
        Assert.True(SpinWait.SpinUntil(() => first.IsCompleted || clock.Waits >= 1, HangGuard), "the refused request never waited");
        var waits = clock.Waits;

        // Another command's request must wait on the clock as well, without reaching the server.
        var second = connection.CreateClient().GetJobAsync(b);
        Assert.True(SpinWait.SpinUntil(() => second.IsCompleted || clock.Waits > waits, HangGuard), "the other request neither waited nor returned");
        Assert.False(second.IsCompleted, "the other command was not paused");
        Assert.Equal(1, scope.Emulator.Requests.Total);

        clock.Advance(TimeSpan.FromMilliseconds(600));
        await Task.WhenAll(first, second).WaitAsync(HangGuard);

        Assert.Equal(3, scope.Emulator.Requests.Total);
        Assert.Contains("all requests of this connection pause for 0.6 s", log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryDelay_is_capped()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1);
        var id = scope.Store.Ids()[0];
        scope.Faults.RetryAfter = TimeSpan.FromHours(1);
        scope.Faults.ForceStatus(429, id, count: 1);
        using var connection = scope.Connect(s => s.MaxRetryDelay = TimeSpan.FromMilliseconds(100));

        var job = await connection.CreateClient().GetJobAsync(id).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(id, job.Id);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(60)]
    [InlineData(400)]
    [InlineData(600)]
    [InlineData(6_000)]
    [InlineData(1_000_000)]
    public void A_full_bucket_and_a_minute_of_refills_stay_within_the_rate(double perMinute)
    {
        var options = RequestGate.LimiterOptions(perMinute);

        var refillsPerMinute = Math.Ceiling(TimeSpan.FromMinutes(1) / options.ReplenishmentPeriod) * options.TokensPerPeriod;

        Assert.InRange(options.TokenLimit + refillsPerMinute, perMinute * 0.95, perMinute);
        Assert.InRange(options.ReplenishmentPeriod, TimeSpan.FromMilliseconds(99), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Clients_of_one_connection_share_one_token_bucket()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1);
        var id = scope.Store.Ids()[0];

        // 600 a minute is a bucket of 10, here never refilled: what gets through is counted, not timed.
        var settings = EmulatorScope.Settings(scope.Emulator.BaseUri, EmulatorScope.ApiKey);
        settings.RequestsPerMinute = 600;
        using var connection = WriterConnection.Open(settings, TimeProvider.System, neverRefill: true);
        using var cancel = new CancellationTokenSource();
        var log = new CapturingLog();
        var clients = new[] { connection.CreateClient(log), connection.CreateClient(log) };
        var requests = Enumerable.Range(0, 20).Select(i => clients[i % 2].GetJobAsync(id, cancel.Token)).ToList();

        // Every call reaches the gate before GetJobAsync returns, and a send that passes it writes its Debug line
        // before it leaves: one bucket for both clients lets 10 of their 20 requests through, a bucket each all 20.
        Assert.Equal(10, log.Count("DEBUG: GET"));
        Assert.True(SpinWait.SpinUntil(() => requests.Count(r => r.IsCompleted) == 10, HangGuard), "the requests let through did not return");
        Assert.Equal(10, requests.Count(r => r.IsCompletedSuccessfully));
        Assert.Equal(10, log.Count("DEBUG: GET"));
        Assert.Equal(10, scope.Emulator.Requests.Total);

        cancel.Cancel();
        foreach (var queued in requests.Where(r => !r.IsCompleted))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(HangGuard));
        }

        Assert.Equal(10, scope.Emulator.Requests.Total);
    }
}
