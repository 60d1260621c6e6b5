using System.Collections.Generic;

namespace WriterJobs;

/// <summary>One page of an application's job list: its jobs, how many match in all (when the server says), and the offset of its first job.</summary>
internal sealed record WriterJobPage(IReadOnlyList<WriterJob> Jobs, long? TotalCount, long Offset)
{
    /// <summary>The offset of the next page, or null when this page is the last, as both official SDKs decide it.</summary>
    public long? NextOffset =>
        Jobs.Count == 0 || TotalCount is null || Offset + Jobs.Count >= TotalCount ? null : Offset + Jobs.Count;
}
