using System;
using System.Management.Automation;

namespace WriterJobs;

/// <summary>Write-Progress for one activity of a command: only where a person watches, at most every 200 ms.</summary>
internal sealed class ProgressReporter
{
    private readonly Cmdlet command;
    private readonly int activityId;
    private readonly string activity;
    private readonly ProgressThrottle throttle = new();
    private readonly bool shown;
    private bool written;

    public ProgressReporter(PSCmdlet command, int activityId, string activity)
    {
        this.command = command;
        this.activityId = activityId;
        this.activity = activity;
        var preference = command.SessionState.PSVariable.GetValue("ProgressPreference");
        shown = ProgressPolicy.IsShown(
            progressSilenced: preference is ActionPreference.SilentlyContinue or ActionPreference.Ignore || "SilentlyContinue".Equals(preference?.ToString(), StringComparison.OrdinalIgnoreCase),
            hostHasRawUI: command.Host?.UI?.RawUI is not null,
            userInteractive: Environment.UserInteractive,
            commandLine: Environment.GetCommandLineArgs(),
            environment: Environment.GetEnvironmentVariable);
    }

    /// <summary>Shows the status; <paramref name="percent"/> null when the total is unknown.</summary>
    public void Report(string status, int? percent)
    {
        if (!shown || !throttle.Allow())
        {
            return;
        }

        command.WriteProgress(new ProgressRecord(activityId, activity, status) { PercentComplete = percent ?? -1 });
        written = true;
    }

    /// <summary>Removes the bar, if one was drawn.</summary>
    public void Complete()
    {
        if (written)
        {
            command.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            written = false;
        }
    }
}
