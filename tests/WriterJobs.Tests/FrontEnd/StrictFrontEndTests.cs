using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Emulator.FrontEnd;
using WriterJobs.Listing;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.FrontEnd;

/// <summary>
/// The strict emulator (on by default, so every test runs against it) refuses what the strictest common front ends
/// refuse, as they answer it; each rule is shown here with a request no HttpClient would send. Sources of each rule:
/// docs/reliability.md, "Strict front-end rules".
/// </summary>
public sealed class StrictFrontEndTests
{
    private const string Job = "/v1/applications/jobs/{id}";
    private const string Retry = "/v1/applications/jobs/{id}/retry";

    /// <summary>Refused by the emulator's own rules, with the front end's status, Server header and HTML page.</summary>
    [Theory]
    [InlineData("GET", Job, "Content-Length: 0\r\n", "", FrontEndRule.ContentLengthOnGetOrHead, 400, "awselb/2.0")]
    [InlineData("HEAD", Job, "Content-Length: 0\r\n", "", FrontEndRule.ContentLengthOnGetOrHead, 400, "awselb/2.0")]
    [InlineData("GET", Job, "Content-Length: 5\r\n", "hello", FrontEndRule.BodyOnGetOrHead, 403, "CloudFront")]
    [InlineData("GET", Job, "Transfer-Encoding: chunked\r\n", "0\r\n\r\n", FrontEndRule.TransferEncodingOnGetOrHead, 400, "awselb/2.0")]
    [InlineData("POST", Retry, "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n", FrontEndRule.TransferEncodingWithContentLength, 400, "awselb/2.0")]
    [InlineData("POST", Retry, "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n", FrontEndRule.ChunkedTwice, 400, "awselb/2.0")]
    [InlineData("GET", Job, "X-Note: a\u0001b\r\n", "", FrontEndRule.NonCompliantHeader, 400, "awselb/2.0")]
    [InlineData("GET", Job, "X-Note: a\u007fb\r\n", "", FrontEndRule.NonCompliantHeader, 400, "awselb/2.0")]
    [InlineData("GET", Job, "X-Note: caf\u00c3\u00a9\r\n", "", FrontEndRule.NonCompliantHeader, 400, "awselb/2.0")]
    [InlineData("GET", Job, "X\u0001Note: b\r\n", "", FrontEndRule.NonCompliantHeader, 400, "awselb/2.0")]
    [InlineData("GET", Job, "Content_Length: 0\r\n", "", FrontEndRule.SuspiciousHeader, 400, "awselb/2.0")]
    [InlineData("GET", Job, "Transfer.Encoding: chunked\r\n", "", FrontEndRule.SuspiciousHeader, 400, "awselb/2.0")]
    [InlineData("GET", Job + "\u007f", "", "", FrontEndRule.ControlCharacterInTarget, 400, "awselb/2.0")]
    [InlineData("GET", Job + "\u0001", "", "", FrontEndRule.ControlCharacterInTarget, 400, "awselb/2.0")]
    [InlineData("GET", Job, "X-Note: {8200 x}\r\n", "", FrontEndRule.HeaderLineTooLong, 400, "nginx")]
    [InlineData("GET", Job + "?pad={8000 x}", "X-A: {4490 x}\r\nX-B: {4490 x}\r\nX-C: {4490 x}\r\n", "", FrontEndRule.RequestHeadTooLarge, 431, null)]
    public async Task A_request_a_strict_front_end_refuses_is_answered_as_that_front_end_answers_it(
        string method, string target, string extraHeaders, string body, FrontEndRule rule, int status, string? server)
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1);

        var response = await RawHttp.SendAsync(scope.Emulator.BaseUri, Request(scope, method, target, extraHeaders, body), method == "HEAD");

        Assert.Equal(status, response.Status);
        Assert.Equal("close", response.Header("Connection"));
        if (server is not null)
        {
            // The front end's own small HTML page, never the API's JSON.
            Assert.Equal(server, response.Header("Server"));
            Assert.Equal("text/html", response.Header("Content-Type"));
            Assert.True(method == "HEAD" || response.Body.Contains($"<title>{status} ", StringComparison.OrdinalIgnoreCase) || response.Body.Contains($"{status} ERROR", StringComparison.Ordinal), response.Body);
        }

        var recorded = Assert.Single(scope.Emulator.Requests.Recent);
        Assert.Equal(rule, recorded.RefusedBy);
        Assert.Equal(status, recorded.StatusCode);
        Assert.Equal(0, scope.Store.RetryTriggers(scope.Store.Ids()[0]));
    }

    /// <summary>Refused by Kestrel itself, with its own empty answer, before the emulator sees the request.</summary>
    [Theory]
    [InlineData("GET", Job + "?pad={8200 x}", "", 414)]
    [InlineData("GET", Job, "X-A: {4490 x}\r\nX-B: {4490 x}\r\nX-C: {4490 x}\r\nX-D: {4490 x}\r\nX-E: {4490 x}\r\n", 431)]
    [InlineData("GET", Job, "{101 headers}", 431)]
    [InlineData("GET", Job, "Host: {host}\r\n", 400)]
    [InlineData("POST", Retry, "Content-Length: 0\r\nContent-Length: 0\r\n", 400)]
    [InlineData("POST", Retry, "Content-Length: 0, 0\r\n", 400)]
    [InlineData("POST", Retry, "Transfer-Encoding: gzip\r\n", 400)]
    [InlineData("GET", Job, "X-Note: a\r\n folded\r\n", 400)]
    [InlineData("GET", Job, "X-Note: a\0b\r\n", 400)]
    [InlineData("GET", Job, "X-Note: a\rb\r\n", 400)]
    [InlineData("GET", Job, "X-Note : b\r\n", 400)]
    [InlineData("GET", Job, "X-Note: b\n", 400)]
    [InlineData("GET", Job + " HTTP/1.2", "", 505)]
    public async Task A_request_Kestrel_refuses_never_reaches_the_emulator(string method, string target, string extraHeaders, int status)
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1);

        var response = await RawHttp.SendAsync(scope.Emulator.BaseUri, Request(scope, method, target, extraHeaders, string.Empty));

        Assert.Equal(status, response.Status);
        Assert.Equal("Kestrel", response.Header("Server"));
        Assert.Empty(scope.Emulator.Requests.Recent);
    }

    [Fact]
    public async Task A_key_outside_RFC_6750_b64token_is_no_key_to_the_strict_emulator_and_is_to_the_lenient_one()
    {
        const string key = "key!with!bangs";
        foreach (var strict in new[] { true, false })
        {
            await using var scope = await EmulatorScope.StartAsync(o => { o.Jobs = 1; o.ApiKey = key; o.Strict = strict; });
            var request = Request(scope, "GET", Job, string.Empty, string.Empty).Replace(EmulatorScope.ApiKey, key, StringComparison.Ordinal);

            var response = await RawHttp.SendAsync(scope.Emulator.BaseUri, request);

            Assert.Equal(strict ? 401 : 200, response.Status);
            Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_lenient_emulator_passes_a_GET_with_Content_Length_0_to_the_API()
    {
        await using var scope = await EmulatorScope.StartAsync(o => { o.Jobs = 1; o.Strict = false; });

        var response = await RawHttp.SendAsync(scope.Emulator.BaseUri, Request(scope, "GET", Job, "Content-Length: 0\r\n", string.Empty));

        Assert.Equal(200, response.Status);
        Assert.Null(Assert.Single(scope.Emulator.Requests.Recent).RefusedBy);
    }

    [Fact]
    public async Task Every_request_of_the_module_passes_the_strict_front_end()
    {
        await using var scope = await EmulatorScope.StartAsync(o => { o.Jobs = 3; o.FailedShare = 1; o.CompletionDelay = TimeSpan.FromMinutes(5); });
        var id = scope.Store.Ids()[0];

        var job = await scope.Client.GetJobAsync(id);
        await scope.Client.RetryJobAsync(id, job.UpdatedAt);
        var listed = await scope.Client.ListAsync(new JobListQuery("app-1", WriterJobStatus.failed));
        await scope.Client.CreateJobAsync("app-1", [new WriterJobInput("topic", ["wire"])]);

        Assert.Equal(2, listed.Count);
        var requests = scope.Emulator.Requests.Recent;
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Null(r.RefusedBy));
        Assert.All(requests, r => Assert.InRange(r.StatusCode, 200, 299));
    }

    // The request as bytes: the line, Host and the key, the extra lines, the blank line and the body. {id}, {host},
    // {N x} (N times 'x') and {101 headers} are filled in here, so the cases above stay readable.
    private static string Request(EmulatorScope scope, string method, string target, string extraHeaders, string body)
    {
        var host = scope.Emulator.BaseUri.Authority;
        var line = target.Contains(" HTTP/", StringComparison.Ordinal) ? $"{method} {target}" : $"{method} {target} HTTP/1.1";
        var text = $"{line}\r\nHost: {host}\r\nAuthorization: Bearer {EmulatorScope.ApiKey}\r\n{extraHeaders}\r\n{body}"
            .Replace("{id}", scope.Store.Ids()[0].ToString(), StringComparison.Ordinal)
            .Replace("{host}", host, StringComparison.Ordinal)
            .Replace("{101 headers}", string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: v\r\n")), StringComparison.Ordinal);
        foreach (var count in new[] { 8200, 8000, 4490 })
        {
            text = text.Replace($"{{{count} x}}", new string('x', count), StringComparison.Ordinal);
        }

        return text;
    }
}
