using System;
using WriterJobs.Http;

namespace WriterJobs.Listing;

/// <summary>
/// Which jobs of an application to list, with PowerShell's -Skip and -First: the skip becomes the server's offset, and
/// pages are asked no larger than what -First still wants, so no page is fetched once -First is reached.
/// </summary>
internal sealed class JobListQuery
{
    public JobListQuery(string applicationId, WriterJobStatus? status = null, long skip = 0, long? first = null, int pageSize = WriterJobsClient.MaxPageSize)
    {
        if (string.IsNullOrWhiteSpace(applicationId))
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, "An application ID is required.");
        }

        if (status == WriterJobStatus.unknown)
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, "Filter on in_progress, failed or completed; 'unknown' is not a status the API knows.");
        }

        if (skip < 0 || first < 0 || pageSize is < 1 or > WriterJobsClient.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(skip), $"The jobs to skip and the jobs to list must not be negative, and a page holds 1 to {WriterJobsClient.MaxPageSize} jobs.");
        }

        ApplicationId = applicationId;
        Status = status;
        Skip = skip;
        First = first;
        PageSize = pageSize;
    }

    public string ApplicationId { get; }

    public WriterJobStatus? Status { get; }

    /// <summary>Jobs to pass over before the first one listed: the server offset of the first page.</summary>
    public long Skip { get; }

    /// <summary>The most jobs to list; null lists them all.</summary>
    public long? First { get; }

    public int PageSize { get; }

    /// <summary>
    /// Whether every page is read before any job is handed out. Offsets index the list as it is at each request; a status
    /// filter's list shrinks while the pipeline retries its jobs (failed → in_progress), which would shift later pages
    /// past jobs never seen. The whole application's list only grows at its end, so it streams page by page.
    /// </summary>
    public bool ReadsAllPagesFirst => Status is not null;

    /// <summary>The limit of the next page once <paramref name="delivered"/> jobs are listed; 0 when -First is reached.</summary>
    public int NextPageLimit(long delivered) =>
        First is { } first ? (int)Math.Min(PageSize, Math.Max(0, first - delivered)) : PageSize;

    /// <summary>How many jobs the listing will deliver, given the server's total of matching jobs.</summary>
    public long? Expected(long? totalCount) =>
        totalCount is { } total ? Math.Min(Math.Max(0, total - Skip), First ?? long.MaxValue) : First;
}
