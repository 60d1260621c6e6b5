using System;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Http;
using WriterJobs.Output;
using WriterJobs.Retry;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>
/// A retry whose answer is lost is settled by reading the job; when that read fails too the outcome is unknown; and a
/// refusal because the job is not failed is a Skipped record, never a transport failure.
/// </summary>
public sealed class LostAnswerTests
{
    [Fact]
    public async Task A_lost_answer_and_a_failed_read_is_WriterOutcomeUnknown_and_the_record_keeps_the_status_it_was_based_on()
    {
        await using var scope = await StartAsync();
        var id = scope.Store.Ids()[0];
        var request = new WriterJobRequest(id, await scope.Client.GetJobAsync(id));
        scope.Faults.SetProfile(EmulatorEndpoint.RetryJob, FaultProfile.Always(FaultKind.CloseAfterWork));
        scope.Faults.SetProfile(EmulatorEndpoint.GetJob, FaultProfile.Always(FaultKind.ResetBeforeResponse));

        var error = await Assert.ThrowsAsync<WriterApiException>(() => Retrier(scope, scope.Client).RetryAsync(request, default));

        Assert.Equal("WriterOutcomeUnknown", ErrorMapping.Describe(error, null).ErrorId);
        Assert.Equal(1, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.RetryJob));
        Assert.Equal(1, scope.Store.RetryTriggers(id));
        Assert.Equal(nameof(WriterJobStatus.failed), WriterJobRetryResult.ForFailure(request, error, DateTimeOffset.UtcNow).PreviousStatus);
    }

    [Fact]
    public async Task A_retry_that_fails_after_the_job_was_read_records_the_status_read()
    {
        await using var scope = await StartAsync();
        var id = scope.Store.Ids()[0];
        scope.Faults.SetProfile(EmulatorEndpoint.RetryJob, FaultProfile.Always(FaultKind.InternalServerError));
        var request = new WriterJobRequest(id);

        var error = await Assert.ThrowsAsync<WriterApiException>(() => RetryAsync(scope, request, maxRetries: 1));

        var record = WriterJobRetryResult.ForFailure(request, error, DateTimeOffset.UtcNow);
        Assert.Equal(WriterErrorKind.ServerError, error.Kind);
        Assert.Equal(nameof(WriterJobRetryAction.Failed), record.Action);
        Assert.Equal(nameof(WriterJobStatus.failed), record.PreviousStatus);
        Assert.Equal("app-1", record.ApplicationId);
        Assert.Equal(0, scope.Store.RetryTriggers(id));
    }

    [Fact]
    public async Task Without_retries_a_lost_answer_is_still_settled_by_reading_the_job()
    {
        await using var scope = await StartAsync();
        var id = scope.Store.Ids()[0];
        scope.Faults.SetProfile(EmulatorEndpoint.RetryJob, FaultProfile.Always(FaultKind.CloseAfterWork));

        var result = await RetryAsync(scope, new WriterJobRequest(id), maxRetries: 0);

        Assert.Equal(nameof(WriterJobRetryAction.Retried), result.Action);
        Assert.Equal(nameof(WriterJobStatus.failed), result.PreviousStatus);
        Assert.Equal(1, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.RetryJob));
        Assert.Equal(1, scope.Store.RetryTriggers(id));
    }

    [Fact]
    public async Task A_resend_refused_as_not_failed_means_an_earlier_send_took_effect()
    {
        await using var scope = await StartAsync();
        var id = scope.Store.Ids()[0];
        scope.Faults.SetProfile(EmulatorEndpoint.RetryJob, FaultProfile.Always(FaultKind.InternalServerError));

        // Just before the resend, the server starts refusing the retry as not failed, as it would once a slow
        // earlier send had moved the job.
        scope.Log.OnLine = line =>
        {
            if (line.Contains("sending it again", StringComparison.Ordinal))
            {
                scope.Faults.SetProfile(EmulatorEndpoint.RetryJob, null);
                scope.Faults.ForceStatus(409, id, count: 1);
            }
        };

        var accepted = await scope.Client.RetryJobAsync(id);

        Assert.Equal(id, accepted.Id);
        Assert.Equal(2, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.RetryJob));
        Assert.Contains("an earlier send took effect", scope.Log.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(409)]
    [InlineData(400)]
    public async Task A_retry_refused_because_the_job_is_not_failed_is_Skipped_after_a_read(int refusal)
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.NotFailedRetryStatus = refusal);
        var id = scope.Store.Add("app-1", "completed").Id;
        var retrier = new WriterJobRetrier(scope.Client, scope.Log, WriterJobRetrier.DefaultMaxStatusAge, force: true);

        var result = await retrier.RetryAsync(new WriterJobRequest(id), default);

        Assert.Equal(nameof(WriterJobRetryAction.Skipped), result.Action);
        Assert.Equal(nameof(WriterJobStatus.completed), result.PreviousStatus);
        Assert.Equal(1, scope.Store.RetryRejections(id));
        Assert.Equal(1, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.GetJob));
        Assert.Contains($"refused the retry as not failed ({refusal})", scope.Log.All, StringComparison.Ordinal);
    }

    private static WriterJobRetrier Retrier(EmulatorScope scope, WriterJobsClient client) =>
        new(client, scope.Log, WriterJobRetrier.DefaultMaxStatusAge, force: false);

    private static async Task<WriterJobRetryResult> RetryAsync(EmulatorScope scope, WriterJobRequest request, int maxRetries)
    {
        using var connection = scope.Connect(s => s.MaxRetries = maxRetries);
        return await Retrier(scope, connection.CreateClient(scope.Log)).RetryAsync(request, default);
    }

    private static Task<EmulatorScope> StartAsync() => EmulatorScope.StartAsync(o =>
    {
        o.Jobs = 1;
        o.FailedShare = 1;
        o.CompletionDelay = TimeSpan.FromMinutes(5);
    });
}
