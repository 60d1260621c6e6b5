using System;
using System.Diagnostics;
using System.Management.Automation;
using WriterJobs.Progress;

namespace WriterJobs.Output;

/// <summary>Write-Progress for one activity of a command: only where a person watches, at most every 200 ms.</summary>
internal sealed class ProgressReporter
{
    private readonly Cmdlet command;
    private readonly int activityId;
    private readonly string activity;
    private readonly ProgressThrottle throttle = new();
    private readonly Stopwatch elapsed = Stopwatch.StartNew();
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

    /// <summary>Whether this run shows progress at all (a person may be watching).</summary>
    public bool IsShown => shown;

    /// <summary>Shows the status; <paramref name="percent"/> null when the total is unknown.</summary>
    public void Report(string status, int? percent) => Write(status, percent, null);

    /// <summary>
    /// Shows "done of total" (or how many are done, while the total is unknown), the percentage and the time left. The
    /// time left counts at the pace seen so far, never faster than <paramref name="itemsPerSecondLimit"/> (the
    /// connection's rate limit, when each item costs a request), so a fast start does not promise an early end.
    /// </summary>
    public void ReportCount(string what, long done, long? total, double itemsPerSecondLimit)
    {
        if (total is not { } all || all <= 0)
        {
            Write($"{done} {what}", null, null);
            return;
        }

        var seen = elapsed.Elapsed.TotalSeconds > 0 ? done / elapsed.Elapsed.TotalSeconds : 0;
        var pace = Math.Min(seen, itemsPerSecondLimit);
        int? secondsLeft = pace > 0 ? (int)Math.Ceiling((all - done) / pace) : null;
        Write($"{done} of {all} {what}", (int)Math.Min(100, done * 100 / all), secondsLeft);
    }

    private void Write(string status, int? percent, int? secondsLeft)
    {
        if (!shown || !throttle.Allow())
        {
            return;
        }

        command.WriteProgress(new ProgressRecord(activityId, activity, status) { PercentComplete = percent ?? -1, SecondsRemaining = secondsLeft ?? -1 });
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
