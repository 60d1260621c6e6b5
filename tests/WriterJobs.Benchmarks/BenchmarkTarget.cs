using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Emulator;
using WriterJobs.Listing;

namespace WriterJobs.Benchmarks;

/// <summary>Where the requests go: an in-process emulator (faults and quota under our control) or any base URL.</summary>
internal sealed class BenchmarkTarget : IAsyncDisposable
{
    /// <summary>High enough that the client's own limiter is never what is measured.</summary>
    public const double UnlimitedRequestsPerMinute = 10_000_000;

    private const int EmulatorJobs = 10_000;
    private const int ExternalIdLimit = 1_000;
    private const string EmulatorKey = "benchmark-key";

    private readonly string apiKey;

    private BenchmarkTarget(Uri baseUri, string apiKey, WriterEmulator? emulator, IReadOnlyList<Guid> ids)
    {
        BaseUri = baseUri;
        this.apiKey = apiKey;
        Emulator = emulator;
        Ids = ids;
    }

    public Uri BaseUri { get; }

    /// <summary>The in-process emulator, or null against a real service (where latency and quota are not ours to set).</summary>
    public WriterEmulator? Emulator { get; }

    /// <summary>Existing job IDs; scenarios cycle through them for as many GETs as they need.</summary>
    public IReadOnlyList<Guid> Ids { get; }

    /// <summary>The bearer header value, for the plain HttpClient baseline only; never printed.</summary>
    public string BearerKey => apiKey;

    public static async Task<BenchmarkTarget> StartAsync(BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseUrl is { } external)
        {
            using var connection = Open(external, options.ApiKey!, UnlimitedRequestsPerMinute);
            var ids = new List<Guid>();
            var reader = new JobListReader(connection.CreateClient(), new JobListQuery(options.ApplicationId!, first: ExternalIdLimit));
            while (await reader.NextPageAsync() is { } page)
            {
                ids.AddRange(page.Select(job => job.Id));
            }

            return ids.Count > 0
                ? new BenchmarkTarget(external, options.ApiKey!, null, ids)
                : throw new InvalidOperationException($"Application '{options.ApplicationId}' has no jobs to read.");
        }

        var emulator = await WriterEmulator.StartAsync(new EmulatorOptions { ApiKey = EmulatorKey, Jobs = EmulatorJobs });
        return new BenchmarkTarget(emulator.BaseUri, EmulatorKey, emulator, emulator.Store.Ids());
    }

    /// <summary>A connection as Connect-Writer makes one: default retries and timeout, the given rate.</summary>
    public WriterConnection Connect(double requestsPerMinute) => Open(BaseUri, apiKey, requestsPerMinute);

    public Guid IdAt(long index) => Ids[(int)(index % Ids.Count)];

    /// <summary>Puts the emulator back to no latency, no quota, no faults, and zeroes its counters.</summary>
    public void ResetFaults()
    {
        if (Emulator is { } emulator)
        {
            emulator.Faults.Clear();
            emulator.Requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Emulator is { } emulator)
        {
            await emulator.DisposeAsync();
        }
    }

    private static WriterConnection Open(Uri baseUri, string key, double requestsPerMinute)
    {
        var secure = new SecureString();
        foreach (var c in key)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return WriterConnection.Open(new WriterConnectionSettings { BaseUri = baseUri, ApiKey = secure, RequestsPerMinute = requestsPerMinute });
    }
}
