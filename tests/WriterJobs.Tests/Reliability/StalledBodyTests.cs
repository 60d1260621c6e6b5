using System;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Output;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>
/// A server or proxy that sends the headers and half the body, then nothing: the request timeout bounds the body too,
/// so no command (and no scheduled task) waits forever.
/// </summary>
public sealed class StalledBodyTests
{
    [Fact]
    public async Task A_read_whose_body_stalls_gets_WriterRequestTimeout()
    {
        await using var scope = await StartStalledAsync(EmulatorEndpoint.GetJob);
        using var connection = Impatient(scope);

        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient().GetJobAsync(scope.Store.Ids()[0]));

        Assert.Equal("WriterRequestTimeout", ErrorMapping.Describe(error, null).ErrorId);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("its body did not arrive within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_whose_body_stalls_is_told_by_its_status_at_the_request_timeout()
    {
        await using var scope = await StartStalledAsync(EmulatorEndpoint.GetJob);
        using var connection = Impatient(scope);

        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient().GetJobAsync(Guid.NewGuid()));

        Assert.Equal(WriterErrorKind.NotFound, error.Kind);
        Assert.Equal(404, error.StatusCode);
    }

    [Fact]
    public async Task A_page_whose_body_stalls_is_read_again_then_gets_WriterRequestTimeout()
    {
        await using var scope = await StartStalledAsync(EmulatorEndpoint.ListJobs);
        using var connection = Impatient(scope, maxRetries: 2);
        var log = new CapturingLog();

        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient(log).GetJobPageAsync("app-1", null, 0, 10));

        Assert.Equal(WriterErrorKind.Timeout, error.Kind);
        Assert.Equal(3, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.ListJobs));
        Assert.Equal(2, log.Count("reading the page again"));
    }

    [Fact]
    public async Task A_retry_whose_answer_stalls_is_settled_by_reading_the_job_and_not_sent_again()
    {
        await using var scope = await StartStalledAsync(EmulatorEndpoint.RetryJob, failed: true);
        using var connection = Impatient(scope);
        var id = scope.Store.Ids()[0];

        var accepted = await connection.CreateClient().RetryJobAsync(id);

        Assert.Equal(WriterJobStatus.in_progress, accepted.Status);
        Assert.Equal(1, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.RetryJob));
        Assert.Equal(1, scope.Store.RetryTriggers(id));
    }

    private static async Task<EmulatorScope> StartStalledAsync(EmulatorEndpoint endpoint, bool failed = false)
    {
        var scope = await EmulatorScope.StartAsync(o =>
        {
            o.Jobs = 3;
            if (failed)
            {
                o.FailedShare = 1;
                o.CompletionDelay = TimeSpan.FromMinutes(5);
            }
        });
        // One answered request first, so the stalled one's headers are not slowed by the emulator's first-request work.
        await scope.Client.GetJobAsync(scope.Store.Ids()[0]);
        scope.Faults.StallDuration = TimeSpan.FromMinutes(5);
        scope.Faults.SetProfile(endpoint, FaultProfile.Always(FaultKind.StallMidBody));
        return scope;
    }

    private static Connection.WriterConnection Impatient(EmulatorScope scope, int maxRetries = 0) =>
        scope.Connect(s => { s.RequestTimeout = TimeSpan.FromSeconds(1); s.MaxRetries = maxRetries; s.RetryBaseDelay = TimeSpan.Zero; });
}
