using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using WriterJobs.Engine.Http;

namespace WriterJobs;

/// <summary>
/// One connection to the Writer API: validated settings, one shared rate limit, and the HttpClient pipeline
/// from IHttpClientFactory (pooled, rotated handlers). Every command of a PowerShell session reuses it.
/// </summary>
public sealed class WriterConnection : IDisposable
{
    private const string ClientName = "WriterJobs";

    /// <summary>The cmdlets' highest ThrottleLimit; on .NET Core the pool has no limit of its own anyway.</summary>
    private const int MaxConnectionsPerServer = 256;

    private static readonly ProductInfoHeaderValue UserAgent = new(
        "WriterJobs",
        typeof(WriterConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    private readonly ServiceProvider services;
    private readonly IHttpClientFactory factory;

    private WriterConnection(WriterConnectionSettings settings, TimeProvider clock)
    {
        Settings = settings;
        var limiter = RateLimitHandler.CreateLimiter(settings.RequestsPerMinute);
        var gate = new PauseGate(clock);
        var collection = new ServiceCollection();
        collection.AddHttpClient(ClientName, client =>
            {
                // Each attempt has its own timeout in RateLimitHandler; a whole call may take longer across retries.
                client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.Add(UserAgent);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                AllowAutoRedirect = false,

                // .NET Framework (Windows PowerShell 5.1) otherwise allows 2 connections a server, whatever the ThrottleLimit.
                MaxConnectionsPerServer = MaxConnectionsPerServer,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseProxy = true,
                Proxy = settings.Proxy,
            })
            .AddHttpMessageHandler(() => new TransientRetryHandler(settings, clock))
            .AddHttpMessageHandler(() => new RateLimitHandler(limiter, gate, clock, settings.RequestTimeout, settings.MaxRetryDelay))
            .AddHttpMessageHandler(() => new RedirectHandler())
            .AddHttpMessageHandler(() => new AuthenticationHandler(settings.ApiKey!, settings.BaseUri))
            // The factory's default logging handlers cost two scopes a request and have no logger here to write to;
            // without them nothing can ever log a request's headers (the key).
            .RemoveAllLoggers();
        services = collection.BuildServiceProvider();
        factory = services.GetRequiredService<IHttpClientFactory>();
    }

    /// <summary>A copy of the settings the connection was opened with.</summary>
    public WriterConnectionSettings Settings { get; }

    public Uri BaseUri => Settings.BaseUri;

    /// <summary>Opens a connection; throws <see cref="WriterApiException"/> before any request when the settings cannot work.</summary>
    public static WriterConnection Open(WriterConnectionSettings settings) => Open(settings, TimeProvider.System);

    internal static WriterConnection Open(WriterConnectionSettings settings, TimeProvider clock)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        settings.Validate();
        return new WriterConnection(settings.Clone(), clock);
    }

    /// <summary>A client for one command; what it sends and retries is told to <paramref name="log"/>.</summary>
    public WriterJobsClient CreateClient(IWriterLog? log = null) =>
        new(factory.CreateClient(ClientName), Settings.BaseUri, log ?? NullWriterLog.Instance, Settings.MaxRetries, Settings.MaxResponseBytes);

    public override string ToString() => $"WriterConnection {Settings}";

    public void Dispose() => services.Dispose();
}
