using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Emulator;
using WriterJobs.Output;
using WriterJobs.Tests.Support;
using Xunit.Abstractions;

namespace WriterJobs.Tests.Reliability;

/// <summary>When the API cannot be reached, one call finds out and the rest of the command fails at once.</summary>
public sealed class FailFastTests(ITestOutputHelper output)
{
    private const int ThrottleLimit = 32;

    [Theory]
    [InlineData(100)]
    [InlineData(2_000)]
    public void Against_a_closed_port_the_sends_do_not_grow_with_the_input_and_every_error_stops_the_command(int inputs)
    {
        var settings = EmulatorScope.Settings(ClosedPort(), EmulatorScope.ApiKey);
        settings.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        using var connection = WriterConnection.Open(settings);
        var log = new CapturingLog();

        var run = Run(connection, inputs, ThrottleLimit, log);

        var sends = log.Count("DEBUG: GET");
        output.WriteLine($"{inputs} IDs against a closed port: {sends} sends, {run.Errors.Count} errors, first: {run.Errors[0].Error.Message}");
        Assert.Empty(run.Results);
        Assert.All(run.ErrorIds, e => Assert.Equal("WriterApiUnreachable", e.ErrorId));
        Assert.True(ErrorMapping.StopsTheCommand(run.Errors[0].Error));
        Assert.InRange(sends, settings.MaxRetries + 1, ThrottleLimit * (settings.MaxRetries + 1));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    public void With_the_default_retries_a_closed_port_stops_the_command_within_30_seconds_of_clock_time(int inputs)
    {
        var clock = new InstantClock();
        using var connection = WriterConnection.Open(EmulatorScope.Settings(ClosedPort(), EmulatorScope.ApiKey), clock);

        // One call at a time, so the fake clock's time is the run's: the first call's attempts, then nothing.
        var run = Run(connection, inputs, throttleLimit: 1, new CapturingLog());

        output.WriteLine($"{inputs} IDs, default retries: stopped after {clock.Elapsed.TotalSeconds:0.0} s of clock time");
        Assert.Equal("WriterApiUnreachable", run.ErrorIds[0].ErrorId);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_TLS_handshake_that_fails_opens_the_breaker_too()
    {
        await using var scope = await EmulatorScope.StartAsync();
        using var connection = scope.Connect(s =>
        {
            s.BaseUri = new UriBuilder(scope.Emulator.BaseUri) { Scheme = Uri.UriSchemeHttps }.Uri;
            s.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        });

        var run = Run(connection, 50, ThrottleLimit, new CapturingLog());

        Assert.All(run.ErrorIds, e => Assert.Equal("WriterApiUnreachable", e.ErrorId));
        Assert.Equal(0, scope.Emulator.Requests.Total);
    }

    [Fact]
    public void A_host_that_does_not_resolve_opens_the_breaker_too()
    {
        // .invalid never resolves (RFC 6761). One lookup at a time: this machine's resolver, asked 32 at once, answered
        // some only after the attempt timeout, and a timeout does not tell whether the server was reached.
        var settings = EmulatorScope.Settings(new Uri("https://writer-api.invalid/"), EmulatorScope.ApiKey);
        settings.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        using var connection = WriterConnection.Open(settings);

        var run = Run(connection, 50, throttleLimit: 1, new CapturingLog());

        Assert.All(run.ErrorIds, e => Assert.Equal("WriterApiUnreachable", e.ErrorId));
    }

    [Fact]
    public async Task The_next_command_tries_the_API_again()
    {
        var settings = EmulatorScope.Settings(ClosedPort(), EmulatorScope.ApiKey);
        settings.MaxRetries = 0;
        using var connection = WriterConnection.Open(settings);
        Run(connection, 10, ThrottleLimit, new CapturingLog());

        var log = new CapturingLog();
        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient(log).GetJobAsync(Guid.NewGuid()));

        Assert.Equal(WriterErrorKind.Unreachable, error.Kind);
        Assert.Equal(1, log.Count("DEBUG: GET"));
        Assert.DoesNotContain("Not sent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_that_stops_the_command_names_the_host_once_and_targets_the_job_it_names()
    {
        var root = ClosedPort();
        var settings = EmulatorScope.Settings(root, EmulatorScope.ApiKey);
        settings.MaxRetries = 0;
        using var connection = WriterConnection.Open(settings);

        var run = Run(connection, 40, ThrottleLimit, new CapturingLog());

        Assert.All(run.Errors, error =>
        {
            var message = error.Error.Message;
            var target = ErrorMapping.Describe(error.Error, error.Input).Target;
            Assert.Equal(1, message.Split(root.Authority).Length - 1);
            Assert.StartsWith($"The Writer API at {root.Authority} cannot be reached (GET /v1/applications/jobs/{target}): ", message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Answers_about_single_jobs_never_open_the_breaker()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1);
        var known = scope.Store.Ids()[0];
        var bad = Guid.NewGuid();
        scope.Faults.ForceStatus(400, bad);
        var inputs = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).Append(bad).Append(known).ToList();

        var run = PipelineHarness<Guid, WriterJob>.Run(scope.Connection, inputs, (client, _) => client.GetJobAsync);

        Assert.Equal(100, run.ErrorIds.Count(e => e.ErrorId == "WriterJobNotFound"));
        Assert.Equal("WriterBadRequest", run.ErrorIds.Single(e => e.Input == bad).ErrorId);
        Assert.Equal(known, Assert.Single(run.Results).Result.Id);
    }

    // Reads random IDs as Get-WriterJob would; the sends are logged to sendLog, which keeps Debug lines.
    [Fact]
    public async Task A_server_that_resets_every_read_was_reached_so_each_item_fails_on_its_own()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 5);
        scope.Faults.Global = FaultProfile.Always(FaultKind.ResetBeforeResponse);
        using var connection = scope.Connect(s => { s.MaxRetries = 1; s.RetryBaseDelay = TimeSpan.FromMilliseconds(1); });

        var run = PipelineHarness<Guid, WriterJob>.Run(connection, scope.Store.Ids(), (client, _) => client.GetJobAsync);

        Assert.Equal(5, run.ErrorIds.Count(e => e.ErrorId == "WriterConnectionFailed"));
        Assert.Equal(10, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.GetJob));
    }

    private static RecordingSink<Guid, WriterJob> Run(WriterConnection connection, int inputs, int throttleLimit, CapturingLog sendLog) =>
        PipelineHarness<Guid, WriterJob>.Run(
            connection, Enumerable.Range(0, inputs).Select(_ => Guid.NewGuid()), (_, _) => connection.CreateClient(sendLog).GetJobAsync, throttleLimit);

    private static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
