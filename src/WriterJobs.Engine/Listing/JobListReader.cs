using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Http;

namespace WriterJobs.Listing;

/// <summary>
/// Reads a <see cref="JobListQuery"/> one page per call, so a command can write each page's jobs (and progress) on its
/// own thread before the next page is asked for. When the query <see cref="JobListQuery.ReadsAllPagesFirst"/>, pages
/// are kept back (empty lists are handed out meanwhile) and every job comes out with the last page.
/// </summary>
internal sealed class JobListReader
{
    private readonly WriterJobsClient client;
    private long? nextOffset;
    private List<WriterJob>? keptBack;

    /// <summary>Whether a page has been read, so <see cref="TotalCount"/> is as known as it will be.</summary>
    private bool started;

    public JobListReader(WriterJobsClient client, JobListQuery query)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        Query = query ?? throw new ArgumentNullException(nameof(query));
        nextOffset = query.Skip;
        keptBack = query.ReadsAllPagesFirst ? new List<WriterJob>() : null;
    }

    public JobListQuery Query { get; }

    /// <summary>The server's count of all matching jobs (before -Skip and -First), from the first page.</summary>
    public long? TotalCount { get; private set; }

    /// <summary>Jobs read so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>The next jobs to hand out (a page, or nothing while pages are kept back), or null when the listing is over.</summary>
    public async Task<IReadOnlyList<WriterJob>?> NextPageAsync(CancellationToken cancellationToken = default)
    {
        var page = await ReadPageAsync(cancellationToken).ConfigureAwait(false);
        if (keptBack is null)
        {
            return page;
        }

        if (page is null)
        {
            var all = keptBack;
            keptBack = null;
            return all.Count > 0 ? all : null;
        }

        keptBack.AddRange(page);
        return Array.Empty<WriterJob>();
    }

    /// <summary>
    /// The server's count of all matching jobs. Known once a page was read; when none was (-First 0, which asks for no
    /// job), one page of a single job is read for it, and that job is not handed out.
    /// </summary>
    public async Task<long?> CountAsync(CancellationToken cancellationToken = default)
    {
        if (!started)
        {
            var page = await client.GetJobPageAsync(Query.ApplicationId, Query.Status, Query.Skip, 1, cancellationToken).ConfigureAwait(false);
            TotalCount = page.TotalCount;
            started = true;
        }

        return TotalCount;
    }

    private async Task<IReadOnlyList<WriterJob>?> ReadPageAsync(CancellationToken cancellationToken)
    {
        var limit = Query.NextPageLimit(Delivered);
        if (nextOffset is not { } offset || limit == 0)
        {
            nextOffset = null;
            return null;
        }

        var page = await client.GetJobPageAsync(Query.ApplicationId, Query.Status, offset, limit, cancellationToken).ConfigureAwait(false);
        if (!started)
        {
            TotalCount = page.TotalCount;
            started = true;
        }

        // A server that ignores the limit must not push the listing past -First.
        IReadOnlyList<WriterJob> jobs = page.Jobs.Count > limit ? page.Jobs.Take(limit).ToList() : page.Jobs;
        Delivered += jobs.Count;
        nextOffset = page.NextOffset is null ? null : page.Offset + jobs.Count;
        return jobs;
    }
}
