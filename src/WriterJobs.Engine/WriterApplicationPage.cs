using System.Collections.Generic;

namespace WriterJobs;

/// <summary>One cursor page of the workspace's applications, and whether more follow after its last one.</summary>
internal sealed record WriterApplicationPage(IReadOnlyList<WriterApplication> Applications, bool HasMore)
{
    /// <summary>The cursor of the next page (after=), as both official SDKs decide it: the last ID while has_more holds.</summary>
    public string? NextAfter => HasMore && Applications.Count > 0 ? Applications[Applications.Count - 1].Id : null;
}
