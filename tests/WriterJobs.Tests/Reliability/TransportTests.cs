using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Emulator;
using WriterJobs.Http;
using WriterJobs.Output;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>Where the key may travel: never over plain http off this machine, no redirect to another host followed; proxies are honoured.</summary>
public sealed class TransportTests
{
    private static readonly Uri Origin = new("https://api.writer.com/");

    [Theory]
    [InlineData("http://api.writer.com/")]
    [InlineData("http://10.0.0.5:8080/")]
    [InlineData("http://localhost.example.com/")]
    public void Plain_http_to_a_host_off_this_machine_is_refused_before_any_request(string url)
    {
        var error = Assert.Throws<WriterApiException>(() => WriterConnection.Open(EmulatorScope.Settings(new Uri(url), EmulatorScope.ApiKey)));

        Assert.Equal("WriterInsecureTransport", ErrorMapping.Describe(error, null).ErrorId);
        Assert.True(error.StopsTheCommand);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://[::1]:5000/")]
    [InlineData("https://api.writer.com/")]
    public void Https_anywhere_and_http_to_loopback_are_allowed(string url)
    {
        using var connection = WriterConnection.Open(EmulatorScope.Settings(new Uri(url), EmulatorScope.ApiKey));

        Assert.Equal(new Uri(url), connection.BaseUri);
    }

    /// <summary>
    /// A redirect to another origin is not followed, for a read or a retry: that host would get the request without the
    /// key, and its answer (a 202 to a retry) would be taken for the API's.
    /// </summary>
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_redirect_to_another_host_is_refused_and_that_host_gets_nothing(string method)
    {
        await using var scope = await EmulatorScope.StartAsync(o => { o.Jobs = 1; o.FailedShare = 1; });
        await using var other = await WriterEmulator.StartAsync(new EmulatorOptions { ApiKey = EmulatorScope.ApiKey, Url = "http://127.0.0.2:0", Jobs = 1, FailedShare = 1 });
        scope.Faults.RedirectTo(other.BaseUri);
        var id = scope.Store.Ids().Single();

        var error = await Assert.ThrowsAsync<WriterApiException>(() => method == "GET" ? scope.Client.GetJobAsync(id) : scope.Client.RetryJobAsync(id));

        Assert.Equal(WriterErrorKind.RedirectRefused, error.Kind);
        Assert.Equal("WriterRedirectRefused", ErrorMapping.Describe(error, null).ErrorId);
        Assert.Contains("another host", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, other.Requests.Total);
        Assert.All(scope.Emulator.Requests.Recent, r => Assert.True(r.HadAuthorization));
        Assert.Equal(0, scope.Store.RetryTriggers(id));
    }

    /// <summary>The redirect rule itself, case by case: what is followed, where to, and what is refused.</summary>
    [Theory]
    [InlineData("GET", 302, "https://api.writer.com/v1/x", "/v1/y", 0, "https://api.writer.com/v1/y")]
    [InlineData("GET", 301, "https://api.writer.com/v1/x", "https://eu.writer.com/v1/x", 0, null)]
    [InlineData("POST", 307, "https://api.writer.com/v1/x", "https://api.writer.com:8443/v1/x", 0, null)]
    [InlineData("POST", 307, "https://api.writer.com/v1/x", "https://api.writer.com/v1/z", 0, "https://api.writer.com/v1/z")]
    [InlineData("POST", 302, "https://api.writer.com/v1/x", "https://api.writer.com/v1/z", 0, null)]
    [InlineData("GET", 302, "https://api.writer.com/v1/x", "http://api.writer.com/v1/x", 0, null)]
    [InlineData("GET", 302, "https://api.writer.com/v1/x", "/v1/y", 5, null)]
    [InlineData("GET", 200, "https://api.writer.com/v1/x", "/v1/y", 0, "not a redirect")]
    public void A_redirect_is_followed_to_its_target_or_refused(string method, int status, string from, string location, int hopsSoFar, string? expected)
    {
        using var request = new System.Net.Http.HttpRequestMessage(new System.Net.Http.HttpMethod(method), from);
        using var response = new System.Net.Http.HttpResponseMessage((HttpStatusCode)status);
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);

        if (expected is null)
        {
            var refused = Assert.Throws<WriterApiException>(() => Redirects.Target(request, response, hopsSoFar, Origin));
            Assert.Equal(WriterErrorKind.RedirectRefused, refused.Kind);
        }
        else
        {
            var target = Redirects.Target(request, response, hopsSoFar, Origin);
            Assert.Equal(expected == "not a redirect" ? null : new Uri(expected), target);
        }
    }

    [Fact]
    public async Task A_configured_proxy_carries_the_requests()
    {
        await using var target = await EmulatorScope.StartAsync(o => o.Jobs = 1);
        await using var proxy = await WriterEmulator.StartAsync(new EmulatorOptions { ApiKey = EmulatorScope.ApiKey, Url = "http://127.0.0.2:0" });
        using var connection = target.Connect(s => s.Proxy = new EveryHostProxy(proxy.BaseUri));

        // The stand-in proxy is an emulator that answers absolute-form requests itself: it has no such job.
        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient().GetJobAsync(target.Store.Ids().Single()));

        Assert.Equal(WriterErrorKind.NotFound, error.Kind);
        Assert.Equal(1, proxy.Requests.Total);
        Assert.Equal(0, target.Emulator.Requests.Total);
    }

    /// <summary>WebProxy never proxies loopback on .NET Framework (on .NET it does); this one does everywhere, so a loopback emulator can stand in for a proxy.</summary>
    private sealed class EveryHostProxy(Uri address) : IWebProxy
    {
        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination) => address;

        public bool IsBypassed(Uri host) => false;
    }
}
