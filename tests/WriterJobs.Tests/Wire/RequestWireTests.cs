using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Tests.Packaging;
using WriterJobs.Tests.Support;
using Xunit.Abstractions;

namespace WriterJobs.Tests.Wire;

/// <summary>
/// The exact bytes of each endpoint's request, caught by a raw loopback server: the request line, and the whole header
/// set (names in any case and order, values exact), as the strictest front ends and curl would have them.
/// </summary>
public sealed class RequestWireTests(ITestOutputHelper output)
{
    private const string Key = "wire-key-0123456789";
    private const string CreatedAt = "2026-01-02T03:04:05Z";

    // An application ID with a space, a slash, a non-ASCII letter and the query's own delimiters, escaped as curl and
    // Invoke-RestMethod send a path segment: UTF-8, percent-encoded, upper-case hex; the query is the client's own.
    private const string ApplicationId = "app 1/\u00fc?#&";
    private const string EscapedApplicationId = "app%201%2F%C3%BC%3F%23%26";

    private static readonly Guid JobId = Guid.Parse("0b5f3c1e-8d2a-4c1b-9e7f-3a2b1c0d9e8f");

    [Fact]
    public async Task Each_endpoint_sends_exactly_the_request_line_and_headers_a_strict_front_end_takes()
    {
        await using var server = CapturingServer.Start(Answer);
        using var connection = WriterConnection.Open(EmulatorScope.Settings(server.BaseUri, Key));
        var client = connection.CreateClient();

        await client.GetJobAsync(JobId);
        await client.RetryJobAsync(JobId);
        await client.GetJobPageAsync(ApplicationId, WriterJobStatus.failed, 0, 100);
        await client.CreateJobAsync(ApplicationId, [new WriterJobInput("topic", ["wire"])]);

        var requests = server.Requests;
        foreach (var request in requests)
        {
            output.WriteLine(string.Join("\n", [request.RequestLine, .. request.Headers.Select(h => $"{h.Key}: {h.Value}"), string.Empty, Encoding.UTF8.GetString(request.Body)]));
        }

        Assert.Equal(4, requests.Count);
        var (get, retry, page, create) = (requests[0], requests[1], requests[2], requests[3]);

        Assert.Equal($"GET /v1/applications/jobs/{JobId} HTTP/1.1", get.RequestLine);
        AssertHeaders(server, get);
        Assert.Empty(get.Body);

        Assert.Equal($"POST /v1/applications/jobs/{JobId}/retry HTTP/1.1", retry.RequestLine);
        AssertHeaders(server, retry, ("Content-Length", "0"));
        Assert.Empty(retry.Body);

        Assert.Equal($"GET /v1/applications/{EscapedApplicationId}/jobs?offset=0&limit=100&status=failed HTTP/1.1", page.RequestLine);
        AssertHeaders(server, page);
        Assert.Empty(page.Body);

        const string json = """{"inputs":[{"id":"topic","value":["wire"]}]}""";
        Assert.Equal($"POST /v1/applications/{EscapedApplicationId}/jobs HTTP/1.1", create.RequestLine);
        AssertHeaders(server, create, ("Content-Type", "application/json"), ("Content-Length", Encoding.UTF8.GetByteCount(json).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(json, Encoding.UTF8.GetString(create.Body));
    }

    // The whole set: each header once, nothing else (no Content-Length or Transfer-Encoding on a GET, no Expect, no
    // Cookie, no Connection), the value exact.
    private static void AssertHeaders(CapturingServer server, CapturedRequest request, params (string Name, string Value)[] content)
    {
        var expected = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = server.BaseUri.Authority,
            ["Authorization"] = $"Bearer {Key}",
            ["Accept"] = "application/json",
            ["Accept-Encoding"] = "gzip, deflate",
            ["User-Agent"] = $"WriterJobs/{PublishedModule.Version}",
        };
        foreach (var (name, value) in content)
        {
            expected[name] = value;
        }

        var sent = request.Headers.Select(h => h.Key).ToList();
        Assert.Equal(sent.Count, sent.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(expected.Keys.Order(StringComparer.OrdinalIgnoreCase), sent.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(expected, e => Assert.Equal(e.Value, Assert.Single(request.Values(e.Key))));
    }

    private static (int Status, string Json) Answer(CapturedRequest request) => request.RequestLine.Split(' ') switch
    {
        ["GET", var path, _] when path.StartsWith("/v1/applications/jobs/", StringComparison.Ordinal) =>
            (200, $$"""{"id":"{{JobId}}","status":"failed","application_id":"app-1","created_at":"{{CreatedAt}}"}"""),
        ["GET", _, _] => (200, """{"result":[],"totalCount":0}"""),
        _ => (202, $$"""{"id":"{{JobId}}","status":"in_progress","created_at":"{{CreatedAt}}"}"""),
    };
}
