using System.Collections.Generic;

namespace WriterJobs;

/// <summary>One page of an application's job list.</summary>
public sealed class WriterJobPage
{
    public WriterJobPage(IReadOnlyList<WriterJob> jobs, long? totalCount, long offset)
    {
        Jobs = jobs;
        TotalCount = totalCount;
        Offset = offset;
    }

    public IReadOnlyList<WriterJob> Jobs { get; }

    /// <summary>How many jobs match in all, when the server says.</summary>
    public long? TotalCount { get; }

    /// <summary>The offset of the first job of this page.</summary>
    public long Offset { get; }

    /// <summary>The offset of the next page, or null when this page is the last, as both official SDKs decide it.</summary>
    public long? NextOffset =>
        Jobs.Count == 0 || TotalCount is null || Offset + Jobs.Count >= TotalCount ? null : Offset + Jobs.Count;
}
