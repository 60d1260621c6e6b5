using System.Diagnostics.CodeAnalysis;

namespace WriterJobs;

/// <summary>The status of a Writer job.</summary>
/// <remarks>
/// The member names are the API's own words, so that <c>Where-Object Status -eq in_progress</c>,
/// <c>-Status failed</c>, Export-Csv and the API documentation all use the same vocabulary.
/// </remarks>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Members mirror the API's wire values.")]
public enum WriterJobStatus
{
    /// <summary>A status this version of the module does not know; the server's word is in <c>StatusText</c>.</summary>
    unknown = 0,
    in_progress,
    failed,
    completed,
}
