using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Http;

namespace WriterJobs.Benchmarks;

/// <summary>
/// The baselines for P2: a fixed number of loops, each pulling the next index and awaiting one GET, with no pipeline
/// thread in between. Plain: the least code that does the work by hand (one HttpClient, status check, JSON parse; no
/// retries, rate limit, logging or ordering). Engine: the same loops calling the engine's client, which splits the
/// engine's cost into its handlers and the runner's hand-off.
/// </summary>
internal static class PlainHttpLoop
{
    public static async Task<PipelineRun> GetJobsAsync(Uri baseUri, string bearerKey, Func<long, Guid> idAt, long count, int concurrency)
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await RunAsync(count, concurrency, async i =>
        {
            using var response = await http.GetAsync(new Uri("v1/applications/jobs/" + idAt(i).ToString("D"), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var stream = await response.Content.ReadAsStreamAsync();
            var job = await JsonSerializer.DeserializeAsync(stream, BaselineJsonContext.Default.BaselineJob);
            return job?.Id is not null;
        });
    }

    public static Task<PipelineRun> GetJobsAsync(WriterJobsClient client, Func<long, Guid> idAt, long count, int concurrency) =>
        RunAsync(count, concurrency, async i => (await client.GetJobAsync(idAt(i))).Id != Guid.Empty);

    private static async Task<PipelineRun> RunAsync(long count, int concurrency, Func<long, Task<bool>> getOne)
    {
        long next = -1;
        long results = 0;
        var meter = RunMeter.Start();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                if (await getOne(i))
                {
                    Interlocked.Increment(ref results);
                }
            }
        }));
        return meter.Stop(count, results, count - results, concurrency, null);
    }
}
