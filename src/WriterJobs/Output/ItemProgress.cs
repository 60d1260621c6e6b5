using System.Management.Automation;

namespace WriterJobs.Output;

/// <summary>
/// Progress over a command's inputs where a person watches: how many are done of how many were given (unknown while
/// they are piped in), and the time left at a pace the connection's rate limit allows.
/// </summary>
internal sealed class ItemProgress
{
    private readonly PSCmdlet command;
    private readonly ProgressReporter reporter;
    private readonly string noun;
    private readonly double itemsPerSecondLimit;
    private long expected;

    public ItemProgress(PSCmdlet command, int activityId, string activity, string noun, double itemsPerSecondLimit)
    {
        this.command = command;
        reporter = new ProgressReporter(command, activityId, activity);
        this.noun = noun;
        this.itemsPerSecondLimit = itemsPerSecondLimit;
    }

    public bool IsShown => reporter.IsShown;

    /// <summary>Counts inputs given on the command line towards the total; piped inputs leave it unknown.</summary>
    public void ExpectInputs(int count)
    {
        if (!command.MyInvocation.ExpectingInput)
        {
            expected += count;
        }
    }

    public void Report(long done) => reporter.ReportCount(noun, done, command.MyInvocation.ExpectingInput ? null : expected, itemsPerSecondLimit);

    public void Complete() => reporter.Complete();
}
