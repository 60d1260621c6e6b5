using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Tests.Support;
using Xunit.Abstractions;

namespace WriterJobs.Tests.Reliability;

/// <summary>
/// A connection closed cleanly without an answer. SocketsHttpHandler sends a body-less request again by itself, up to
/// three more times. The module's POSTs carry a body (empty for the retry), so the server sees each POST exactly as often
/// as the attempt loop sends it; its GETs carry none (RFC 9110), so a GET may reach the server again unlogged, but only
/// once for each connection the server closed without answering it, and at most three times for one logged send.
/// </summary>
public sealed class HiddenResendTests(ITestOutputHelper output)
{
    /// <summary>
    /// What SocketsHttpHandler sends again by itself: a request without a body, POST or GET, when a kept-alive connection
    /// is closed cleanly before any byte of the answer, up to 4 sends in all. A reset it does not send again, nor a
    /// request with a body, even an empty one.
    /// </summary>
    [Theory]
    [InlineData("POST", FaultKind.CloseAfterWork, false, 4)]
    [InlineData("POST", FaultKind.CloseBeforeWork, false, 4)]
    [InlineData("GET", FaultKind.CloseAfterWork, false, 4)]
    [InlineData("GET", FaultKind.CloseBeforeWork, false, 4)]
    [InlineData("POST", FaultKind.ResetAfterWork, false, 1)]
    [InlineData("GET", FaultKind.ResetBeforeResponse, false, 1)]
    [InlineData("POST", FaultKind.CloseAfterWork, true, 1)]
    [InlineData("GET", FaultKind.CloseAfterWork, true, 1)]
    public async Task A_plain_HttpClient_sends_a_request_again_by_itself_only_without_a_body_after_a_clean_close(
        string method, FaultKind fault, bool emptyBody, int sends)
    {
        // A strict front end refuses a GET with Content-Length: 0 before any fault could cut its connection.
        await using var scope = await EmulatorScope.StartAsync(o => { o.Jobs = 1; o.Strict = !(emptyBody && method == "GET"); });
        var id = scope.Store.Ids()[0];
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", EmulatorScope.ApiKey);
        var jobUrl = new Uri(scope.Emulator.BaseUri, $"v1/applications/jobs/{id}");
        (await http.GetAsync(jobUrl)).Dispose();
        var endpoint = method == "GET" ? EmulatorEndpoint.GetJob : EmulatorEndpoint.RetryJob;
        var before = scope.Emulator.Requests.ForEndpoint(endpoint);
        scope.Faults.SetProfile(endpoint, FaultProfile.Always(fault));
        using var request = new HttpRequestMessage(new HttpMethod(method), method == "GET" ? jobUrl : new Uri(jobUrl + "/retry"))
        {
            Content = emptyBody ? new ByteArrayContent([]) : null,
        };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(request));

        var received = scope.Emulator.Requests.ForEndpoint(endpoint) - before;
        output.WriteLine($"plain HttpClient, {method} {(emptyBody ? "with an empty body" : "without a body")}, {fault}: one send reached the server {received} times");
        Assert.Equal(sends, received);
    }

    [Fact]
    public async Task The_module_sends_a_retry_POST_once_when_the_connection_closes_cleanly_after_the_work()
    {
        await using var scope = await EmulatorScope.StartAsync(o => { o.Jobs = 1; o.FailedShare = 1; o.CompletionDelay = TimeSpan.FromMinutes(5); });
        var id = scope.Store.Ids()[0];
        var before = await scope.Client.GetJobAsync(id);
        scope.Faults.SetProfile(EmulatorEndpoint.RetryJob, FaultProfile.Always(FaultKind.CloseAfterWork));

        var accepted = await scope.Client.RetryJobAsync(id, before.UpdatedAt);

        Assert.Equal(WriterJobStatus.in_progress, accepted.Status);
        Assert.Equal(1, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.RetryJob));
        Assert.Equal(1, scope.Store.RetryTriggers(id));
        Assert.Equal(1, scope.Log.Count($"DEBUG: POST /v1/applications/jobs/{id}/retry"));
        Assert.Contains("the retry took effect and is not sent again", scope.Log.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FaultKind.CloseBeforeWork)]
    [InlineData(FaultKind.CloseAfterWork)]
    [InlineData(FaultKind.ResetBeforeResponse)]
    public async Task A_GET_reaches_the_server_unlogged_only_after_a_clean_close_and_at_most_three_times_a_send(FaultKind fault)
    {
        const int reads = 200;
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = reads);
        scope.Faults.Global = new FaultProfile { FaultRate = 0.3, Mix = FaultProfile.EqualWeights(fault) };
        using var connection = scope.Connect(s => { s.MaxRetries = 10; s.RetryBaseDelay = TimeSpan.FromMilliseconds(1); });
        var log = new CapturingLog();
        var client = connection.CreateClient(log);

        var jobs = await Task.WhenAll(scope.Store.Ids().Select(id => client.GetJobAsync(id)));

        var received = scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.GetJob);
        var sent = log.Count("DEBUG: GET /v1/applications/jobs/");
        var closes = scope.Emulator.Requests.CleanCloses;
        var hidden = received - sent;
        output.WriteLine($"{reads} reads under 30 % {fault}: the server received {received} GETs and closed {closes} connections cleanly without answering; "
            + $"the module logged {sent} sends ({log.Count("VERBOSE: GET")} retries): {hidden} hidden resends");
        Assert.Equal(reads, jobs.Length);
        Assert.True(received > reads, "faults made some reads reach the server again");

        // Each hidden resend follows a clean close of the send before it, and the pool makes at most three for one send.
        Assert.InRange(hidden, 0, Math.Min(closes, 3 * sent));
    }

    [Theory]
    [InlineData(FaultKind.CloseBeforeWork, 0)]
    [InlineData(FaultKind.CloseAfterWork, 2)]
    public async Task A_GET_that_the_server_never_answers_reaches_it_four_times_for_each_logged_send(FaultKind fault, int maxRetries)
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1);
        var id = scope.Store.Ids()[0];
        scope.Faults.SetProfile(EmulatorEndpoint.GetJob, FaultProfile.Always(fault));
        using var connection = scope.Connect(s => { s.MaxRetries = maxRetries; s.RetryBaseDelay = TimeSpan.FromMilliseconds(1); });
        var log = new CapturingLog();

        var failure = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient(log).GetJobAsync(id));

        var received = scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.GetJob);
        var sent = log.Count("DEBUG: GET /v1/applications/jobs/");
        output.WriteLine($"every GET answered by {fault}, MaxRetries {maxRetries}: {sent} logged sends, {received} GETs at the server, {scope.Emulator.Requests.CleanCloses} clean closes; {failure.Kind}");
        Assert.Equal(WriterErrorKind.ConnectionFailed, failure.Kind);
        Assert.Equal(maxRetries + 1, sent);
        Assert.Equal(4 * sent, received);
    }
}
