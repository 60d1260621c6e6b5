using System;
using System.Net;
using System.Net.Http;
using WriterJobs.Http;

namespace WriterJobs.Tests.Reliability;

/// <summary>How long the server asks us to wait: retry-after-ms first, then Retry-After in seconds or as an HTTP date.</summary>
public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("retry-after-ms", "250", 250)]
    [InlineData("retry-after-ms", "12.5", 12.5)]
    [InlineData("Retry-After", "3", 3000)]
    [InlineData("Retry-After", "Fri, 02 Jan 2026 03:04:15 GMT", 10_000)]
    [InlineData("Retry-After", "Fri, 02 Jan 2026 03:00:00 GMT", 0)]
    public void Reads_each_form(string header, string value, double milliseconds)
    {
        using var response = Answer((header, value));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RetryAfter.Read(response, Now));
    }

    [Fact]
    public void Milliseconds_win_over_seconds()
    {
        using var response = Answer(("Retry-After", "5"), ("retry-after-ms", "40"));

        Assert.Equal(TimeSpan.FromMilliseconds(40), RetryAfter.Read(response, Now));
    }

    [Theory]
    [InlineData("retry-after-ms", "-5")]
    [InlineData("retry-after-ms", "soon")]
    [InlineData("Retry-After", "soon")]
    public void Nonsense_is_no_wait_at_all(string header, string value)
    {
        using var response = Answer((header, value));

        Assert.Null(RetryAfter.Read(response, Now));
    }

    private static HttpResponseMessage Answer(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)429);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
