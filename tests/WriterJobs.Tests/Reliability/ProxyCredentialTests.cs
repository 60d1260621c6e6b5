using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Output;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>
/// A proxy's login is a credential, never part of an address that is shown: not by the connection's description, not
/// in an error, not in a log line, not even where .NET's own message names the proxy. Tests/Proxy.Tests.ps1 runs the
/// same through a real tinyproxy.
/// </summary>
public sealed class ProxyCredentialTests
{
    private const string Password = "pr0xy-canary-7f3e";
    private static readonly Uri BaseUri = new("http://127.0.0.1:9/");
    private static readonly Uri WithLogin = new($"http://alice:{Password}@proxy.example:3128/");

    [Fact]
    public void A_login_in_the_proxy_address_becomes_its_credential_and_leaves_the_address()
    {
        var proxy = Assert.IsType<WebProxy>(WriterConnectionSettings.CreateProxy(new Uri("http://alice:p%40ss%3Aword@proxy.example:3128/")));

        Assert.Equal(new Uri("http://proxy.example:3128/"), proxy.Address);
        var credential = Assert.IsType<NetworkCredential>(proxy.Credentials);
        Assert.Equal("alice", credential.UserName);
        Assert.Equal("p@ss:word", credential.Password);
    }

    [Fact]
    public void A_proxy_without_a_login_keeps_the_credential_given()
    {
        var given = new NetworkCredential("bob", Password);

        var proxy = Assert.IsType<WebProxy>(WriterConnectionSettings.CreateProxy(new Uri("http://proxy.example:3128/"), given));

        Assert.Same(given, proxy.Credentials);
    }

    [Fact]
    public void A_login_given_twice_is_refused_without_showing_the_password()
    {
        var error = Assert.Throws<ArgumentException>(() => WriterConnectionSettings.CreateProxy(WithLogin, new NetworkCredential("bob", "other")));

        Assert.Contains("http://proxy.example:3128/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_connection_shows_the_proxy_without_its_login()
    {
        // Given as an address (CreateProxy), and as the environment's proxy answers: its address with the user info in it.
        foreach (var proxy in new IWebProxy[] { WriterConnectionSettings.CreateProxy(WithLogin), new FixedProxy(WithLogin) })
        {
            var settings = EmulatorScope.Settings(BaseUri, "key");
            settings.Proxy = proxy;
            using var connection = WriterConnection.Open(settings);

            var info = new WriterConnectionInfo(connection.Settings, WriterConnectionInfo.ConnectWriterSource);

            Assert.Equal(new Uri("http://proxy.example:3128/"), info.Proxy);
            var shown = string.Join("\n", info.ToString(), JsonSerializer.Serialize(info), connection.ToString(), connection.Settings.ToString());
            Assert.DoesNotContain(Password, shown, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("The proxy tunnel request to proxy 'http://alice:s3cret@127.0.0.1:3128/' failed with status code '407'.", "The proxy tunnel request to proxy 'http://127.0.0.1:3128/' failed with status code '407'.")]
    [InlineData("via https://a%40b:x@proxy:1/ and socks5://u@h:2", "via https://proxy:1/ and socks5://h:2")]
    [InlineData("mail alice@example.com about http://host/path@2", "mail alice@example.com about http://host/path@2")]
    public void User_info_is_removed_from_every_address_in_a_text(string text, string expected) =>
        Assert.Equal(expected, UserInfo.RemovedFrom(text));

    [Fact]
    public async Task A_407_stops_the_command_names_the_proxy_without_its_login_and_advises_its_credential()
    {
        var error = await FailAsync(Answer(HttpStatusCode.ProxyAuthenticationRequired), WriterConnectionSettings.CreateProxy(WithLogin));

        Assert.Equal(WriterErrorKind.ProxyAuthenticationRequired, error.Kind);
        Assert.True(error.StopsTheCommand);
        Assert.Equal(407, error.StatusCode);
        Assert.Contains("proxy http://proxy.example:3128/ asked for a login (407", error.Message, StringComparison.Ordinal);
        Assert.Equal(WriterAdvice.CheckProxyCredential, error.Advice);
        Assert.Equal(("WriterProxyAuthenticationRequired", System.Management.Automation.ErrorCategory.AuthenticationError), ErrorMapping.For(error.Kind));
        Assert.Contains("-ProxyCredential", ErrorMapping.Details(error)!.Value.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_page_through_a_proxy_names_both_secrets_that_may_be_wrong()
    {
        var error = await FailAsync(Answer(HttpStatusCode.Unauthorized), WriterConnectionSettings.CreateProxy(WithLogin));

        Assert.Equal(WriterErrorKind.Unauthorized, error.Kind);
        Assert.Contains("or the proxy http://proxy.example:3128/ refused its credential", error.Message, StringComparison.Ordinal);
        Assert.Equal(WriterAdvice.CheckApiKeyAndProxyCredential, error.Advice);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_page_without_a_proxy_is_the_key_alone()
    {
        var error = await FailAsync(Answer(HttpStatusCode.Unauthorized), proxy: null);

        Assert.Equal(WriterAdvice.CheckApiKey, error.Advice);
        Assert.DoesNotContain("proxy http", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transport_failure_that_names_the_proxy_with_its_login_shows_it_without()
    {
        var log = new CapturingLog();
        var error = await FailAsync(
            _ => throw new HttpRequestException($"The proxy tunnel request to proxy '{WithLogin}' failed with status code '401'."),
            new FixedProxy(WithLogin),
            log,
            maxRetries: 1);

        var everything = string.Join("\n", log.All, error.ToString(), ErrorMapping.Details(error)?.Message);
        Assert.Contains("proxy 'http://proxy.example:3128/' failed", everything, StringComparison.Ordinal);
        Assert.Contains("; retry 1 of 1", log.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
    }

    private static Func<HttpRequestMessage, HttpResponseMessage> Answer(HttpStatusCode status) => request => new HttpResponseMessage(status)
    {
        RequestMessage = request,
        Content = new StringContent("<html><body>Proxy login</body></html>", Encoding.UTF8, "text/html"),
    };

    private static async Task<WriterApiException> FailAsync(Func<HttpRequestMessage, HttpResponseMessage> answer, IWebProxy? proxy, CapturingLog? log = null, int maxRetries = 0)
    {
        var settings = EmulatorScope.Settings(BaseUri, "key");
        settings.Proxy = proxy;
        settings.MaxRetries = maxRetries;
        settings.RetryBaseDelay = TimeSpan.Zero;
        using var connection = WriterConnection.Open(settings, TimeProvider.System, () => new StubHandler(answer));
        return await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient(log).GetJobAsync(Guid.NewGuid()));
    }

    /// <summary>Every address through one proxy, as HttpEnvironmentProxy answers for HTTP_PROXY: user info included.</summary>
    private sealed class FixedProxy(Uri address) : IWebProxy
    {
        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination) => address;

        public bool IsBypassed(Uri host) => false;
    }

    /// <summary>The network handler's stand-in: the answer (or the failure) a proxy would give.</summary>
    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
