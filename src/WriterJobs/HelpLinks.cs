namespace WriterJobs;

/// <summary>Where each cmdlet's help page is online: its platyPS source in the repository, for Get-Help -Online.</summary>
internal static class HelpLinks
{
    public const string Pages = "https://github.com/writerjobs/WriterJobs/blob/main/docs/en-US/";
}
