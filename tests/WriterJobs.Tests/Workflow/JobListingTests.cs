using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Listing;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Workflow;

/// <summary>Get-WriterJob -ApplicationId's engine half: pages, status filter, -Skip, -First and the total count.</summary>
public sealed class JobListingTests
{
    private const int Seeded = 1050;

    private static Task<EmulatorScope> StartAsync() => EmulatorScope.StartAsync(o =>
    {
        o.Jobs = Seeded;
        o.FailedShare = 0.25;
        o.ApplicationIds = ["app-1"];
    });

    private static async Task<(List<WriterJob> Jobs, JobListReader Reader)> ListAsync(EmulatorScope scope, JobListQuery query)
    {
        var reader = new JobListReader(scope.Client, query);
        return (await reader.ReadAllAsync(), reader);
    }

    private static int ListRequests(EmulatorScope scope) => scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.ListJobs);

    [Fact]
    public async Task Every_job_is_listed_once_in_pages_of_100()
    {
        await using var scope = await StartAsync();

        var (jobs, reader) = await ListAsync(scope, new JobListQuery("app-1"));

        Assert.Equal(scope.Store.Ids("app-1"), jobs.Select(j => j.Id));
        Assert.Equal(Seeded, jobs.Select(j => j.Id).Distinct().Count());
        Assert.Equal(11, ListRequests(scope));
        Assert.Equal(Seeded, reader.TotalCount);
        Assert.Equal(reader.Query.Expected(reader.TotalCount), reader.Delivered);
    }

    [Fact]
    public async Task The_status_filter_is_applied_by_the_server_on_every_page()
    {
        await using var scope = await StartAsync();
        var failed = scope.Store.Ids("app-1", "failed");

        var (jobs, reader) = await ListAsync(scope, new JobListQuery("app-1", WriterJobStatus.failed));

        Assert.InRange(failed.Count, 200, 320);
        Assert.Equal(failed, jobs.Select(j => j.Id));
        Assert.All(jobs, j => Assert.Equal(nameof(WriterJobStatus.failed), j.Status));
        Assert.Equal(failed.Count, reader.TotalCount);
        Assert.Equal((failed.Count + 99) / 100, ListRequests(scope));
    }

    [Fact]
    public async Task First_0_lists_nothing_and_one_request_of_one_job_still_gives_the_total()
    {
        await using var scope = await StartAsync();
        var reader = new JobListReader(scope.Client, new JobListQuery("app-1", WriterJobStatus.failed, first: 0));

        var page = await reader.NextPageAsync();
        var total = await reader.CountAsync();

        Assert.Null(page);
        Assert.Equal(scope.Store.Ids("app-1", "failed").Count, total);
        Assert.Equal(1, ListRequests(scope));
        Assert.Equal(0, reader.Delivered);
        Assert.Equal(total, await reader.CountAsync());
        Assert.Equal(1, ListRequests(scope));
    }

    [Fact]
    public async Task First_stops_fetching_pages_once_reached_and_asks_no_more_than_it_needs()
    {
        await using var scope = await StartAsync();

        var (jobs, _) = await ListAsync(scope, new JobListQuery("app-1", first: 150));

        Assert.Equal(scope.Store.Ids("app-1").Take(150), jobs.Select(j => j.Id));
        Assert.Equal(2, ListRequests(scope));
    }

    [Fact]
    public async Task Skip_becomes_the_server_offset_and_combines_with_First()
    {
        await using var scope = await StartAsync();

        var (jobs, reader) = await ListAsync(scope, new JobListQuery("app-1", skip: 1000, first: 30));

        Assert.Equal(scope.Store.Ids("app-1").Skip(1000).Take(30), jobs.Select(j => j.Id));
        Assert.Equal(1, ListRequests(scope));
        Assert.Equal(Seeded, reader.TotalCount);
        Assert.Equal(reader.Query.Expected(reader.TotalCount), reader.Delivered);
    }

    [Fact]
    public async Task Skip_past_the_end_lists_nothing_after_one_request()
    {
        await using var scope = await StartAsync();

        var (jobs, reader) = await ListAsync(scope, new JobListQuery("app-1", skip: 5000));

        Assert.Empty(jobs);
        Assert.Equal(1, ListRequests(scope));
        Assert.Equal(Seeded, reader.TotalCount);
    }

    [Fact]
    public async Task First_zero_sends_no_request()
    {
        await using var scope = await StartAsync();

        var (jobs, reader) = await ListAsync(scope, new JobListQuery("app-1", first: 0));

        Assert.Empty(jobs);
        Assert.Equal(0, ListRequests(scope));
        Assert.Null(reader.TotalCount);
    }

    [Fact]
    public async Task A_status_filtered_list_misses_nothing_while_the_pipeline_retries_its_jobs()
    {
        await using var scope = await EmulatorScope.StartAsync(o => o.CompletionDelay = TimeSpan.FromMinutes(5));
        var failed = Enumerable.Range(0, 250).Select(_ => scope.Store.Add("app-x", "failed").Id).ToList();
        var reader = new JobListReader(scope.Client, new JobListQuery("app-x", WriterJobStatus.failed));
        var listed = new List<Guid>();

        // As Get-WriterJob -Status failed | Invoke-WriterJobRetry does: each job handed out is retried before the next read.
        while (await reader.NextPageAsync() is { } jobs)
        {
            listed.AddRange(jobs.Select(j => j.Id));
            await Task.WhenAll(jobs.Select(j => scope.Client.RetryJobAsync(j.Id)));
        }

        Assert.Equal(failed.Order(), listed.Order());
        Assert.All(failed, id => Assert.Equal(1, scope.Store.RetryTriggers(id)));
    }

    [Fact]
    public async Task The_whole_application_list_streams_page_by_page()
    {
        await using var scope = await StartAsync();
        var reader = new JobListReader(scope.Client, new JobListQuery("app-1"));

        var first = await reader.NextPageAsync();

        Assert.Equal(100, first!.Count);
        Assert.Equal(1, ListRequests(scope));
    }

    [Theory]
    [InlineData(null, 0L, 100)]
    [InlineData(150L, 0L, 100)]
    [InlineData(150L, 100L, 50)]
    [InlineData(150L, 150L, 0)]
    [InlineData(30L, 0L, 30)]
    public void The_next_page_limit_is_what_First_still_wants_up_to_a_page(long? first, long delivered, int limit) =>
        Assert.Equal(limit, new JobListQuery("app-1", first: first).NextPageLimit(delivered));

    [Theory]
    [InlineData(0L, null, 1050L, 1050L)]
    [InlineData(1000L, null, 1050L, 50L)]
    [InlineData(1000L, 20L, 1050L, 20L)]
    [InlineData(2000L, 20L, 1050L, 0L)]
    [InlineData(0L, 20L, null, 20L)]
    public void Expected_counts_what_remains_after_Skip_up_to_First(long skip, long? first, long? total, long? expected) =>
        Assert.Equal(expected, new JobListQuery("app-1", skip: skip, first: first).Expected(total));

    [Fact]
    public void Unknown_is_refused_as_a_filter()
    {
        var error = Assert.Throws<WriterApiException>(() => new JobListQuery("app-1", WriterJobStatus.unknown));

        Assert.Equal(WriterErrorKind.InvalidInput, error.Kind);
    }
}
