namespace WriterJobs.Emulator;

/// <summary>The status values the Writer API documents.</summary>
internal static class JobStatus
{
    public const string InProgress = "in_progress";
    public const string Failed = "failed";
    public const string Completed = "completed";

    public static bool IsKnown(string status) => status is InProgress or Failed or Completed;
}
