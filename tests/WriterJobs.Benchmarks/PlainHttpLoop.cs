using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Benchmarks;

/// <summary>
/// The baseline for P2: the least code that does the same work by hand, one HttpClient and a fixed number of
/// loops pulling the next index, GET, status check, JSON parse. No retries, rate limit, logging or ordering.
/// </summary>
internal static class PlainHttpLoop
{
    public static async Task<PipelineRun> GetJobsAsync(Uri baseUri, string bearerKey, Func<long, Guid> idAt, long count, int concurrency)
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        long next = -1;
        long results = 0;
        var meter = RunMeter.Start();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                using var response = await http.GetAsync(new Uri("v1/applications/jobs/" + idAt(i).ToString("D"), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                using var stream = await response.Content.ReadAsStreamAsync();
                var job = await JsonSerializer.DeserializeAsync(stream, BaselineJsonContext.Default.BaselineJob);
                if (job?.Id is not null)
                {
                    Interlocked.Increment(ref results);
                }
            }
        }));
        return meter.Stop(count, results, count - results, concurrency, null);
    }
}
