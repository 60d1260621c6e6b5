using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using WriterJobs.Http;

namespace WriterJobs.Connection;

/// <summary>
/// One connection to the Writer API: validated settings, one shared rate limit, and the HttpClient pipeline
/// from IHttpClientFactory (pooled, rotated handlers). Every command of a PowerShell session reuses it.
/// </summary>
internal sealed class WriterConnection : IDisposable
{
    private const string ClientName = "WriterJobs";

    /// <summary>The cmdlets' highest ThrottleLimit; on .NET Core the pool has no limit of its own anyway.</summary>
    private const int MaxConnectionsPerServer = 256;

    private static readonly ProductInfoHeaderValue UserAgent = new(
        "WriterJobs",
        typeof(WriterConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    private readonly ServiceProvider services;
    private readonly IHttpClientFactory factory;
    private readonly RequestGate gate;
    private readonly ConnectionBreaker breaker = new();
    private readonly RetryPolicy retries;
    private readonly RetryPolicy singleAttempt;
    private readonly TimeProvider clock;

    private WriterConnection(WriterConnectionSettings settings, TimeProvider clock, Func<HttpMessageHandler> primaryHandler, bool neverRefill)
    {
        Settings = settings;
        this.clock = clock;
        gate = new RequestGate(settings.RequestsPerMinute, clock, settings.MaxRetryDelay, neverRefill);
        retries = new RetryPolicy(settings);
        singleAttempt = new RetryPolicy(new WriterConnectionSettings { MaxRetries = 0, RetryBaseDelay = settings.RetryBaseDelay, MaxRetryDelay = settings.MaxRetryDelay });
        var collection = new ServiceCollection();
        collection.AddHttpClient(ClientName, client =>
            {
                // One attempt, redirects included; the client sends each attempt through HttpClient after the gate, so
                // this never counts a wait for the rate limit, and a call may take longer across its retries.
                client.Timeout = settings.RequestTimeout;
                client.DefaultRequestHeaders.UserAgent.Add(UserAgent);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            })
            .ConfigurePrimaryHttpMessageHandler(primaryHandler)
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

    /// <param name="primaryHandler">What sends the bytes; null for the real network handler. A stub here lets the handler-chain micro-benchmark measure the client alone.</param>
    /// <param name="neverRefill">For tests that count what the rate bucket lets through: it starts full and is never refilled.</param>
    internal static WriterConnection Open(WriterConnectionSettings settings, TimeProvider clock, Func<HttpMessageHandler>? primaryHandler = null, bool neverRefill = false)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        settings.Validate();
        var copy = settings.Clone();
        return new WriterConnection(copy, clock, primaryHandler ?? (() => CreateNetworkHandler(copy)), neverRefill);
    }

    /// <summary>
    /// A client for one command; what it sends and retries is told to <paramref name="log"/>. A new command closes the
    /// connection's breaker, so it tries the API again even after the last command found it out of reach.
    /// </summary>
    public WriterJobsClient CreateClient(IWriterLog? log = null)
    {
        breaker.Close();
        return new(factory.CreateClient(ClientName), Settings, gate, breaker, retries, clock, log ?? NullWriterLog.Instance);
    }

    /// <summary>
    /// A client whose every request is sent once and never again, at the same rate gate: for what a person waits for at
    /// the prompt (tab completion), where a retry's backoff would hold the prompt.
    /// </summary>
    public WriterJobsClient CreateSingleAttemptClient() =>
        new(factory.CreateClient(ClientName), Settings, gate, breaker, singleAttempt, clock, NullWriterLog.Instance);

    /// <summary>The one network handler: gzip and deflate accepted (a list page holds up to 100 jobs), redirects followed by the client's own rules.</summary>
    private static HttpClientHandler CreateNetworkHandler(WriterConnectionSettings settings) => new()
    {
        AllowAutoRedirect = false,

        // .NET Framework (Windows PowerShell 5.1) otherwise allows 2 connections a server, whatever the ThrottleLimit.
        MaxConnectionsPerServer = MaxConnectionsPerServer,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        UseProxy = true,
        Proxy = settings.Proxy,
    };

    public override string ToString() => $"WriterConnection {Settings}";

    public void Dispose()
    {
        services.Dispose();
        gate.Dispose();
    }
}
