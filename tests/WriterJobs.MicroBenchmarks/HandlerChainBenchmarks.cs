using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using WriterJobs.Connection;
using WriterJobs.Http;

namespace WriterJobs.MicroBenchmarks;

/// <summary>
/// One GET of one job against <see cref="StubResponder"/>: plain hand-written HttpClient code, the engine's
/// client as the cmdlets use it, and each handler of the engine's chain alone over the stub.
/// </summary>
[MemoryDiagnoser]
public class HandlerChainBenchmarks : IDisposable
{
    private const string Key = "micro-benchmark-key";
    private static readonly Uri BaseUri = new("http://127.0.0.1:5000/");
    private static readonly Uri JobUri = new(BaseUri, "v1/applications/jobs/" + StubResponder.JobId);
    private static readonly Guid JobId = Guid.Parse(StubResponder.JobId);

    // 16 million a second: a stub answering in a microsecond must never wait for the bucket, or the limiter is what is timed.
    private const double UnlimitedRequestsPerMinute = 1e9;

    // The runner's token can always be cancelled (StopProcessing); an uncancellable one would flatter the handlers.
    private readonly CancellationTokenSource stopping = new();
    private HttpClient plain = null!;
    private WriterConnection connection = null!;
    private WriterJobsClient engine = null!;
    private HttpMessageInvoker stubOnly = null!;
    private HttpMessageInvoker authentication = null!;

    [GlobalSetup]
    public void Setup()
    {
        plain = new HttpClient(new StubResponder()) { BaseAddress = BaseUri };
        plain.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        plain.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var settings = new WriterConnectionSettings { BaseUri = BaseUri, ApiKey = SecretText.Protect(Key), RequestsPerMinute = UnlimitedRequestsPerMinute };
        connection = WriterConnection.Open(settings, TimeProvider.System, () => new StubResponder());
        engine = connection.CreateClient();

        stubOnly = Over(new StubResponder());
        authentication = Over(new AuthenticationHandler(settings.ApiKey, BaseUri));
    }

    [Benchmark(Baseline = true, Description = "plain HttpClient: GET, status check, JSON")]
    public async Task<bool> PlainHttpClient()
    {
        // The URL is built per call, as hand-written code and the engine build theirs.
        using var response = await plain.GetAsync(new Uri("v1/applications/jobs/" + JobId.ToString("D"), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, stopping.Token);
        response.EnsureSuccessStatusCode();
        using var stream = await response.Content.ReadAsStreamAsync(stopping.Token);
        var job = await JsonSerializer.DeserializeAsync(stream, BaselineJsonContext.Default.BaselineJob, stopping.Token);
        return job?.Id is not null;
    }

    [Benchmark(Description = "engine WriterJobsClient.GetJobAsync")]
    public async Task<bool> EngineClient() => (await engine.GetJobAsync(JobId, stopping.Token)).Id != Guid.Empty;

    [Benchmark(Description = "stub alone (request and response)")]
    public Task<bool> StubOnly() => SendAsync(stubOnly);

    [Benchmark(Description = "AuthenticationHandler over the stub")]
    public Task<bool> Authentication() => SendAsync(authentication);

    [GlobalCleanup]
    public void Dispose()
    {
        foreach (var disposable in new IDisposable?[] { plain, connection, stubOnly, authentication, stopping })
        {
            disposable?.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private static HttpMessageInvoker Over(HttpMessageHandler handler)
    {
        if (handler is DelegatingHandler delegating)
        {
            delegating.InnerHandler = new StubResponder();
        }

        return new HttpMessageInvoker(handler);
    }

    private async Task<bool> SendAsync(HttpMessageInvoker invoker)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, JobUri);
        using var response = await invoker.SendAsync(request, stopping.Token);
        return response.IsSuccessStatusCode;
    }
}
