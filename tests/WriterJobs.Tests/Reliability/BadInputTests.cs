using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Emulator;
using WriterJobs.Output;
using WriterJobs.Retry;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>
/// Each bad input gets a clear error with its ErrorId, and the items after it still succeed. Malformed IDs, $null,
/// empty strings and duplicates are settled by PowerShell's binder and the cmdlet before the engine (docs/reliability.md).
/// </summary>
public sealed class BadInputTests
{
    private const int GoodJobs = 3;

    /// <summary>Bad job reads: the bad ID goes second, between good ones.</summary>
    [Theory]
    [InlineData("unknown-id", "WriterJobNotFound")]
    [InlineData("gone", "WriterJobGone")]
    [InlineData("malformed-json", "WriterInvalidResponse")]
    [InlineData("html-200-from-proxy", "WriterInvalidResponse")]
    [InlineData("text-plain-200", "WriterInvalidResponse")]
    [InlineData("huge-body", "WriterInvalidResponse")]
    [InlineData("missing-fields", "WriterInvalidResponse")]
    [InlineData("json-null-body", "WriterInvalidResponse")]
    [InlineData("400", "WriterBadRequest")]
    [InlineData("403", "WriterForbidden")]
    [InlineData("413", "WriterRequestTooLarge")]
    [InlineData("418", "WriterRequestRejected")]
    [InlineData("422", "WriterJobInputInvalid")]
    [InlineData("429-persistent", "WriterQuotaExceeded")]
    [InlineData("500-persistent", "WriterServerError")]
    [InlineData("502-persistent", "WriterBadGateway")]
    [InlineData("503-persistent", "WriterServiceUnavailable")]
    [InlineData("504-persistent", "WriterBadGateway")]
    [InlineData("507", "WriterInsufficientStorage")]
    public async Task A_bad_job_read_gets_its_ErrorId_and_later_items_succeed(string badCase, string errorId)
    {
        await using var scope = await StartAsync();
        var good = scope.Store.Ids(status: "completed").Take(GoodJobs).ToList();
        var bad = Arrange(scope, badCase);
        using var connection = Connect(scope);

        var run = PipelineHarness<Guid, WriterJob>.Run(connection, new[] { good[0], bad }.Concat(good.Skip(1)), (client, _) => client.GetJobAsync);

        AssertOnlyBadFailed(run.ErrorIds.Select(e => (e.Input.ToString(), e.ErrorId)), bad.ToString(), errorId);
        Assert.Equal(good, run.Results.Select(r => r.Result.Id));
    }

    [Fact]
    public async Task Retrying_a_job_that_is_not_failed_is_skipped_with_a_warning_and_later_items_are_retried()
    {
        await using var scope = await StartAsync();
        var (inputs, completed) = FailedCompletedFailed(scope);
        using var connection = Connect(scope);

        var run = PipelineHarness<Guid, WriterJobRetryResult>.Run(connection, inputs, (client, log) =>
        {
            var retrier = new WriterJobRetrier(client, log, WriterJobRetrier.DefaultMaxStatusAge, force: false);
            return (id, ct) => retrier.RetryAsync(new WriterJobRequest(id), ct);
        });

        Assert.Empty(run.Errors);
        Assert.Equal(
            new[] { nameof(WriterJobRetryAction.Retried), nameof(WriterJobRetryAction.Skipped), nameof(WriterJobRetryAction.Retried) },
            run.Results.Select(r => r.Result.Action));
        Assert.Contains(run.Messages, m => m.Level == Pipeline.PipelineMessageLevel.Warning && m.Text.Contains(completed.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forcing_a_retry_of_a_job_that_is_not_failed_gets_WriterJobConflict_and_later_items_are_retried()
    {
        await using var scope = await StartAsync();
        var (inputs, completed) = FailedCompletedFailed(scope);
        using var connection = Connect(scope);

        var run = PipelineHarness<Guid, WriterJobAccepted>.Run(connection, inputs, (client, _) => (id, ct) => client.RetryJobAsync(id, null, ct));

        AssertOnlyBadFailed(run.ErrorIds.Select(e => (e.Input.ToString(), e.ErrorId)), completed.ToString(), "WriterJobConflict");
        Assert.Equal(inputs.Where(id => id != completed), run.Results.Select(r => r.Input));
    }

    [Fact]
    public async Task An_empty_application_ID_gets_WriterInvalidArgument_and_later_lists_succeed()
    {
        await using var scope = await StartAsync();
        using var connection = Connect(scope);

        var run = PipelineHarness<string, WriterJobPage>.Run(connection, new[] { "app-1", " ", "app-1" }, (client, _) =>
            async (app, ct) => await client.GetJobPageAsync(app, null, 0, 10, ct));

        AssertOnlyBadFailed(run.ErrorIds, " ", "WriterInvalidArgument");
        Assert.Equal(2, run.Results.Count);
    }

    [Fact]
    public async Task An_unreadable_answer_to_a_create_is_WriterOutcomeUnknown_not_resent()
    {
        await using var scope = await StartAsync();
        scope.Faults.SetProfile(EmulatorEndpoint.CreateJob, new FaultProfile { FaultRate = 1, Mix = FaultProfile.EqualWeights(FaultKind.MalformedBody) });

        var error = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.CreateJobAsync("app-1", new[] { new WriterJobInput("topic", new[] { "x" }) }));

        Assert.Equal("WriterOutcomeUnknown", ErrorMapping.Describe(error, null).ErrorId);
        Assert.Equal(1, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.CreateJob));
    }

    [Fact]
    public async Task A_wrong_key_gets_WriterUnauthorized_which_stops_the_command()
    {
        await using var scope = await StartAsync();
        using var connection = WriterConnection.Open(EmulatorScope.Settings(scope.Emulator.BaseUri, "wrong-key"));

        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient().GetJobAsync(scope.Store.Ids()[0]));

        Assert.Equal("WriterUnauthorized", ErrorMapping.Describe(error, null).ErrorId);
        Assert.True(ErrorMapping.StopsTheCommand(error));
    }

    [Fact]
    public void A_missing_key_gets_WriterApiKeyMissing_before_any_request()
    {
        var settings = EmulatorScope.Settings(new Uri("http://127.0.0.1:9/"), "x");
        settings.ApiKey = null;

        var error = Assert.Throws<WriterApiException>(() => WriterConnection.Open(settings));

        Assert.Equal("WriterApiKeyMissing", ErrorMapping.Describe(error, null).ErrorId);
    }

    [Fact]
    public async Task A_request_that_outlives_its_timeout_gets_WriterRequestTimeout()
    {
        await using var scope = await StartAsync();
        scope.Faults.StallDuration = TimeSpan.FromSeconds(10);
        scope.Faults.Global = new FaultProfile { FaultRate = 1, Mix = FaultProfile.EqualWeights(FaultKind.Stall) };
        using var connection = scope.Connect(s => { s.RequestTimeout = TimeSpan.FromMilliseconds(200); s.MaxRetries = 0; });

        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient().GetJobAsync(scope.Store.Ids()[0]));

        Assert.Equal("WriterRequestTimeout", ErrorMapping.Describe(error, null).ErrorId);
    }

    [Fact]
    public async Task A_closed_port_gets_WriterApiUnreachable()
    {
        var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        var closed = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)port.LocalEndpoint).Port}/");
        port.Stop();
        var settings = EmulatorScope.Settings(closed, EmulatorScope.ApiKey);
        settings.MaxRetries = 1;
        settings.RetryBaseDelay = TimeSpan.Zero;
        using var connection = WriterConnection.Open(settings);

        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient().GetJobAsync(Guid.NewGuid()));

        Assert.Equal("WriterApiUnreachable", ErrorMapping.Describe(error, null).ErrorId);
    }

    [Fact]
    public async Task A_redirect_loop_gets_WriterRedirectRefused()
    {
        await using var scope = await StartAsync();
        scope.Faults.RedirectTo(scope.Emulator.BaseUri);

        var error = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.GetJobAsync(scope.Store.Ids()[0]));

        Assert.Equal("WriterRedirectRefused", ErrorMapping.Describe(error, null).ErrorId);
    }

    private static Task<EmulatorScope> StartAsync() => EmulatorScope.StartAsync(o => { o.Jobs = 20; o.FailedShare = 0.5; });

    /// <summary>Few, fast retries and a 256 KiB body limit, so persistent faults and the huge body end quickly.</summary>
    private static WriterConnection Connect(EmulatorScope scope)
    {
        scope.Faults.RetryAfter = TimeSpan.FromMilliseconds(10);
        return scope.Connect(s => { s.MaxRetries = 2; s.RetryBaseDelay = TimeSpan.FromMilliseconds(1); s.MaxResponseBytes = 256 * 1024; });
    }

    /// <summary>A completed job between two failed ones.</summary>
    private static (Guid[] Inputs, Guid Completed) FailedCompletedFailed(EmulatorScope scope)
    {
        var failed = scope.Store.Ids(status: "failed");
        var completed = scope.Store.Ids(status: "completed")[0];
        return (new[] { failed[0], completed, failed[1] }, completed);
    }

    private static Guid Arrange(EmulatorScope scope, string badCase)
    {
        var completed = scope.Store.Ids(status: "completed");
        var job = completed[completed.Count - 1];
        var id = job.ToString();
        (string ContentType, string Body)? raw = badCase switch
        {
            "malformed-json" => ("application/json", "{\"id\": \"" + id + "\", \"status\": "),
            "html-200-from-proxy" => ("text/html", "<html><body><h1>Gateway login</h1></body></html>"),
            "text-plain-200" => ("text/plain", "OK"),
            "huge-body" => ("application/json", "{\"id\": \"" + id + "\", \"pad\": \"" + new string('x', 1024 * 1024) + "\"}"),
            "missing-fields" => ("application/json", "{\"id\": \"" + id + "\", \"status\": \"completed\"}"),
            "json-null-body" => ("application/json", "null"),
            _ => null,
        };
        if (badCase == "unknown-id")
        {
            return Guid.NewGuid();
        }

        if (badCase == "gone")
        {
            scope.Store.MarkGone(job);
        }
        else if (raw is { } body)
        {
            scope.Store.SetRawBody(job, body.ContentType, body.Body);
        }
        else
        {
            scope.Faults.ForceStatus(int.Parse(badCase.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture), job);
        }

        return job;
    }

    private static void AssertOnlyBadFailed<T>(System.Collections.Generic.IEnumerable<(T Input, string ErrorId)> errors, T bad, string errorId)
    {
        var error = Assert.Single(errors);
        Assert.Equal(bad, error.Input);
        Assert.Equal(errorId, error.ErrorId);
    }
}
