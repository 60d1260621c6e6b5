using System.Collections.Generic;
using System.Threading.Tasks;
using WriterJobs.Http;
using WriterJobs.Listing;

namespace WriterJobs.Tests.Support;

/// <summary>Reads a listing to its end, page after page, as Get-WriterJob -ApplicationId does.</summary>
internal static class JobLists
{
    public static async Task<List<WriterJob>> ReadAllAsync(this JobListReader reader)
    {
        var jobs = new List<WriterJob>();
        while (await reader.NextPageAsync() is { } page)
        {
            jobs.AddRange(page);
        }

        return jobs;
    }

    public static Task<List<WriterJob>> ListAsync(this WriterJobsClient client, JobListQuery query) => new JobListReader(client, query).ReadAllAsync();
}
