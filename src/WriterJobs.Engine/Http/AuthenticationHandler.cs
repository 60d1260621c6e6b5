using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Connection;

namespace WriterJobs.Http;

/// <summary>Adds the bearer key to requests for the configured origin only, so no redirect or stray URL can carry it elsewhere.</summary>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly SecureString apiKey;
    private readonly Uri baseUri;

    public AuthenticationHandler(SecureString apiKey, Uri baseUri)
    {
        this.apiKey = apiKey;
        this.baseUri = baseUri;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = request.RequestUri is { } target && TransportPolicy.IsSameOrigin(target, baseUri)
            ? new AuthenticationHeaderValue("Bearer", SecretText.Reveal(apiKey))
            : null;
        return base.SendAsync(request, cancellationToken);
    }
}
