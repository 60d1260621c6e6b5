using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Retry;
using WriterJobs.Tests.Support;
using WriterJobs.Waiting;

namespace WriterJobs.Tests.Workflow;

/// <summary>
/// Skip-unless-failed for every kind of input against every current status, on the emulator: what is read, what is
/// sent, and the audit record each decision leaves.
/// </summary>
public sealed class RetryDecisionTests
{
    public enum InputKind
    {
        BareId,
        FreshPipedJob,
        StalePipedJob,
        Forced,
    }

    public static TheoryData<InputKind, string> Cases()
    {
        var data = new TheoryData<InputKind, string>();
        foreach (var kind in Enum.GetValues<InputKind>())
        {
            foreach (var status in new[] { "in_progress", "failed", "completed", "paused" })
            {
                data.Add(kind, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Only_a_job_failed_right_now_is_retried_unless_forced(InputKind kind, string status)
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.CompletionDelay = TimeSpan.FromMinutes(5));
        var id = scope.Store.Add("app-1", status).Id;
        var known = kind switch
        {
            InputKind.FreshPipedJob => await scope.Client.GetJobAsync(id),
            InputKind.StalePipedJob => new WriterJob(id, "failed", "app-1", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(-10)),
            _ => null,
        };
        var readsBefore = Reads(scope, id);
        var retrier = new WriterJobRetrier(scope.Client, scope.Log, WriterJobRetrier.DefaultMaxStatusAge, force: kind == InputKind.Forced);
        var request = new WriterJobRequest(id, known);

        var result = await retrier.RetryAsync(request, default);

        // A forced retry of a job that is not failed is refused (409) and then read: Skipped, never an error.
        var isFailed = status == "failed";
        var expectedAction = isFailed ? WriterJobRetryAction.Retried : WriterJobRetryAction.Skipped;
        var read = kind is InputKind.BareId or InputKind.StalePipedJob || !isFailed;
        Assert.Equal(expectedAction.ToString(), result.Action);
        Assert.Equal(id, result.Id);
        Assert.Equal(read ? 1 : 0, Reads(scope, id) - readsBefore);
        Assert.Equal(isFailed ? 1 : 0, scope.Store.RetryTriggers(id));
        Assert.Equal(kind == InputKind.Forced && !isFailed ? 1 : 0, scope.Store.RetryRejections(id));
        if (expectedAction == WriterJobRetryAction.Skipped)
        {
            Assert.Equal(WriterJobStatusText.Name(WriterJobStatusText.Parse(status)), result.PreviousStatus);
            Assert.Contains("not retried", result.Message, StringComparison.Ordinal);
        }

        if (expectedAction == WriterJobRetryAction.Retried)
        {
            Assert.Equal(nameof(WriterJobStatus.in_progress), result.Status);
            Assert.Equal("in_progress", scope.Store.Find(id)!.Status);
        }
    }

    [Theory]
    [InlineData(0.0, WriterJobStatus.completed, "Retried; completed.")]
    [InlineData(1.0, WriterJobStatus.failed, "Retried; failed again: Emulated failure: the retried job failed again.")]
    public async Task With_a_wait_the_audit_record_carries_the_final_status(double failAgain, WriterJobStatus final, string message)
    {
        var clock = new InstantClock();
        await using var scope = await EmulatorScope.StartAsync(o =>
        {
            o.CompletionDelay = TimeSpan.FromMilliseconds(300);
            o.RetryOutcomeFailedShare = failAgain;
            o.Clock = clock;
        });
        var id = scope.Store.Add("app-1", "failed").Id;
        var retrier = new WriterJobRetrier(scope.Client, scope.Log, WriterJobRetrier.DefaultMaxStatusAge, force: false);
        var waiter = new WriterJobWaiter(scope.Client, scope.Log, new WriterJobWaitOptions(pollInterval: TimeSpan.FromMilliseconds(50)), clock);

        var result = await RetryAndWaitAsync(retrier, waiter, id);

        Assert.Equal(nameof(WriterJobRetryAction.Retried), result.Action);
        Assert.Equal(nameof(WriterJobStatus.failed), result.PreviousStatus);
        Assert.Equal(final.ToString(), result.Status);
        Assert.Equal(message, result.Message);
        Assert.Equal("app-1", result.ApplicationId);
        Assert.Equal(1, scope.Store.RetryTriggers(id));
    }

    [Fact]
    public async Task A_wait_that_times_out_records_the_job_still_in_progress_and_warns()
    {
        var clock = new InstantClock();
        await using var scope = await EmulatorScope.StartAsync(o => { o.CompletionDelay = TimeSpan.FromMinutes(5); o.Clock = clock; });
        var id = scope.Store.Add("app-1", "failed").Id;
        var retrier = new WriterJobRetrier(scope.Client, scope.Log, WriterJobRetrier.DefaultMaxStatusAge, force: false);
        var waiter = new WriterJobWaiter(scope.Client, scope.Log, new WriterJobWaitOptions(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50)), clock);

        var result = await RetryAndWaitAsync(retrier, waiter, id);

        Assert.Equal(nameof(WriterJobRetryAction.Retried), result.Action);
        Assert.Equal(nameof(WriterJobStatus.in_progress), result.Status);
        Assert.Contains("still in progress", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, scope.Log.Count("Timed out"));
    }

    [Fact]
    public async Task A_skipped_job_is_not_waited_for()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var id = scope.Store.Add("app-1", "completed").Id;
        var retrier = new WriterJobRetrier(scope.Client, scope.Log, WriterJobRetrier.DefaultMaxStatusAge, force: false);
        var waiter = new WriterJobWaiter(scope.Client, scope.Log, new WriterJobWaitOptions());

        var result = await RetryAndWaitAsync(retrier, waiter, id);

        Assert.Equal(nameof(WriterJobRetryAction.Skipped), result.Action);
        Assert.Equal(1, Reads(scope, id));
    }

    [Fact]
    public async Task A_retry_whose_outcome_cannot_be_read_stays_Retried()
    {
        var clock = new InstantClock();
        await using var scope = await EmulatorScope.StartAsync(o => { o.CompletionDelay = TimeSpan.FromMinutes(5); o.Clock = clock; });
        var id = scope.Store.Add("app-1", "failed").Id;
        // The job disappears the moment its retry is accepted, before the wait reads it.
        var log = new OnLine("accepted", () => scope.Store.MarkGone(id));
        var retrier = new WriterJobRetrier(scope.Client, log, WriterJobRetrier.DefaultMaxStatusAge, force: false);
        var waiter = new WriterJobWaiter(scope.Client, log, new WriterJobWaitOptions(pollInterval: TimeSpan.FromMilliseconds(50)), clock);

        var result = await RetryAndWaitAsync(retrier, waiter, id);

        Assert.Equal(nameof(WriterJobRetryAction.Retried), result.Action);
        Assert.StartsWith("Retry accepted; the outcome could not be read", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, scope.Store.RetryTriggers(id));
    }

    // As Invoke-WriterJobRetry -Wait does: the retry first, then one wait for the accepted ones once the input ends.
    private static async Task<WriterJobRetryResult> RetryAndWaitAsync(WriterJobRetrier retrier, WriterJobWaiter waiter, Guid id)
    {
        var result = await retrier.RetryAsync(new WriterJobRequest(id), default);
        if (result.Action != nameof(WriterJobRetryAction.Retried))
        {
            return result;
        }

        var wait = waiter.Start(new[] { id });
        await wait.RunToEndAsync();
        return wait.OutcomeOf(result, DateTimeOffset.UtcNow);
    }

    private static int Reads(EmulatorScope scope, Guid id) =>
        scope.Emulator.Requests.Recent.Count(r => r.Method == "GET" && r.Path.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A log that runs an action when a line containing a fragment is written.</summary>
    private sealed class OnLine(string fragment, Action action) : IWriterLog
    {
        public bool IsDebugEnabled => true;

        public void Verbose(string message) => Check(message);

        public void Debug(string message) => Check(message);

        public void Warning(string message) => Check(message);

        private void Check(string message)
        {
            if (message.Contains(fragment, StringComparison.Ordinal))
            {
                action();
            }
        }
    }
}
