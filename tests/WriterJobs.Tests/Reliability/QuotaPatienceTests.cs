using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>Runs that share the API's quota wait their turn: a 429 is waited out without spending the transient-retry budget.</summary>
public sealed class QuotaPatienceTests
{
    [Fact]
    public async Task A_run_of_429s_longer_than_the_retry_count_is_waited_out_within_the_patience()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1);
        var id = scope.Store.Ids()[0];
        scope.Faults.RetryAfter = TimeSpan.FromMilliseconds(20);
        scope.Faults.ForceStatus(429, id, count: 5);
        using var connection = scope.Connect(s => { s.MaxRetries = 1; s.MaxRetryDelay = TimeSpan.FromSeconds(1); });

        var job = await connection.CreateClient().GetJobAsync(id);

        Assert.Equal(id, job.Id);
        Assert.Equal(6, scope.Emulator.Requests.Total);
    }

    [Fact]
    public async Task A_quota_that_never_frees_up_still_ends_the_request()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1);
        var id = scope.Store.Ids()[0];
        scope.Faults.RetryAfter = TimeSpan.FromMilliseconds(100);
        scope.Faults.ForceStatus(429, id);
        using var connection = scope.Connect(s => { s.MaxRetries = 2; s.MaxRetryDelay = TimeSpan.FromMilliseconds(100); });

        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient().GetJobAsync(id));

        Assert.Equal(WriterErrorKind.TooManyRequests, error.Kind);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Runs_that_together_offer_more_than_the_quota_lose_no_request_to_429(int runs)
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 40);
        scope.Faults.QuotaPerSecond = 10;
        var connections = Enumerable.Range(0, runs).Select(_ => scope.Connect(s => s.RequestsPerMinute = 600)).ToList();

        var reads = await Task.WhenAll(connections.Select(connection =>
            Task.WhenAll(scope.Store.Ids().Select(id => connection.CreateClient().GetJobAsync(id)))));

        Assert.All(reads, run => Assert.Equal(40, run.Length));
        Assert.True(scope.Emulator.Requests.TooManyRequests > 0, "the runs never met the quota");
        connections.ForEach(connection => connection.Dispose());
    }
}
