using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Retry;
using WriterJobs.Tests.Support;
using Xunit.Abstractions;

namespace WriterJobs.Tests.Reliability;

/// <summary>Retries of failed jobs under faults, lost 202s included, trigger each job exactly once.</summary>
public sealed class RetrySafetyTests(ITestOutputHelper output)
{
    private const int JobCount = 1_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_thousand_failed_jobs_retried_under_faults_are_each_triggered_exactly_once(bool failsAgainQuickly)
    {
        // failsAgainQuickly: a retried job is failed again within 100 ms, so a lost 202 leaves the job 'failed' by the
        // time it is read; only its newer updated_at tells that the retry took effect.
        await using var scope = await EmulatorScope.StartAsync(o =>
        {
            o.Jobs = JobCount;
            o.FailedShare = 1;
            o.CompletionDelay = failsAgainQuickly ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromMinutes(5);
            o.RetryOutcomeFailedShare = failsAgainQuickly ? 1 : 0;
        });
        scope.Faults.RetryAfter = TimeSpan.FromMilliseconds(20);
        scope.Faults.Global = new FaultProfile { FaultRate = 0.1 };
        scope.Faults.SetProfile(EmulatorEndpoint.RetryJob, new FaultProfile
        {
            FaultRate = 0.3,
            Mix = FaultProfile.EqualWeights(
                FaultKind.ResetAfterWork, FaultKind.CloseAfterWork, FaultKind.ResetBeforeResponse, FaultKind.CloseBeforeWork, FaultKind.TooManyRequests,
                FaultKind.ServiceUnavailable, FaultKind.InternalServerError, FaultKind.BadGateway),
        });

        using var connection = scope.Connect(s => { s.MaxRetries = 8; s.RetryBaseDelay = TimeSpan.FromMilliseconds(5); });
        var ids = scope.Store.Ids(status: "failed");
        Assert.Equal(JobCount, ids.Count);
        var run = PipelineHarness<Guid, WriterJobRetryResult>.Run(connection, ids, (client, log) =>
        {
            var retrier = new WriterJobRetrier(client, log, WriterJobRetrier.DefaultMaxStatusAge, force: false);
            return (id, ct) => retrier.RetryAsync(new WriterJobRequest(id), ct);
        });

        Assert.Empty(run.Errors);
        Assert.All(run.Results, r => Assert.Equal(nameof(WriterJobRetryAction.Retried), r.Result.Action));
        Assert.All(run.Results, r => Assert.Equal(nameof(WriterJobStatus.failed), r.Result.PreviousStatus));
        Assert.All(ids, id => Assert.Equal(1, scope.Store.RetryTriggers(id)));
        Assert.All(ids, id => Assert.Equal(0, scope.Store.RetryRejections(id)));

        var posts = scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.RetryJob);
        var lost = run.Messages.Count(m => m.Text.Contains("the retry took effect and is not sent again", StringComparison.Ordinal));
        output.WriteLine($"{ids.Count} jobs, {posts} retry POSTs, {lost} lost answers settled by reading the job");
        Assert.True(posts > JobCount, "faults made the client send some retries again");
        Assert.True(lost > 0, "some 202s were lost and settled by reading the job");
    }
}
