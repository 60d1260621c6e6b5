using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Listing;
using WriterJobs.Tests.Support;
using Xunit.Abstractions;

namespace WriterJobs.Tests.Reliability;

/// <summary>A list page whose body is cut off is read again, a bounded number of times, before the listing gives up.</summary>
public sealed class BrokenPageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_listing_reads_a_truncated_page_again_and_returns_every_job_once()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 1_000);
        scope.Faults.SetProfile(EmulatorEndpoint.ListJobs, new FaultProfile { FaultRate = 0.3, Mix = FaultProfile.EqualWeights(FaultKind.MalformedBody) });

        var ids = (await scope.Client.ListAsync(new JobListQuery("app-1"))).Select(job => job.Id).ToList();

        var reads = scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.ListJobs);
        output.WriteLine($"1,000 jobs in 10 pages, 30 % of page reads truncated: {reads} page reads, every job listed once");
        Assert.Equal(scope.Store.Ids().Order(), ids.Order());
        Assert.True(reads > 10, "some pages were read again");
        Assert.Equal(reads - 10, scope.Log.Count("reading the page again"));
    }

    [Fact]
    public async Task A_page_that_stays_broken_ends_the_listing_after_the_retries()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.Jobs = 10);
        scope.Faults.SetProfile(EmulatorEndpoint.ListJobs, FaultProfile.Always(FaultKind.MalformedBody));
        using var connection = scope.Connect(s => s.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<WriterApiException>(() => connection.CreateClient().GetJobPageAsync("app-1", null, 0, 10));

        Assert.Equal(WriterErrorKind.InvalidResponse, error.Kind);
        Assert.Equal(3, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.ListJobs));
    }
}
