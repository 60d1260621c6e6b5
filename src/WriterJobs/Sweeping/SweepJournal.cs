using System;
using System.IO;
using System.Management.Automation;
using WriterJobs.Output;
using WriterJobs.Pipeline;
using WriterJobs.Sweep;

namespace WriterJobs.Sweeping;

/// <summary>
/// The sweep's audit trail as it happens: each line, stamped with its event's time, goes to the -LogPath file first
/// (flushed, so a killed run keeps it) and then to the information stream, which pwsh -File prints on stdout. It keeps
/// the tally for the summary and the report; once the pipeline stops, it goes on writing the file alone.
/// </summary>
internal sealed class SweepJournal : IDisposable
{
    private static readonly string[] Tags = ["WriterJobSweep"];

    private readonly PSCmdlet command;
    private SweepLogFile? file;

    private SweepJournal(PSCmdlet command, SweepTally tally)
    {
        this.command = command;
        Tally = tally;
    }

    public SweepTally Tally { get; }

    /// <summary>False once PowerShell is stopping the pipeline: only files are written then.</summary>
    public bool Streaming { get; private set; } = true;

    /// <summary>A journal that writes to <paramref name="logPath"/> too; the problem when it cannot be opened.</summary>
    public static SweepJournal Open(PSCmdlet command, string? logPath, bool waited, out string? problem)
    {
        var journal = new SweepJournal(command, new SweepTally(waited));
        problem = null;
        if (logPath is null)
        {
            return journal;
        }

        try
        {
            journal.file = SweepLogFile.Open(command.SessionState.Path.GetUnresolvedProviderPathFromPSPath(logPath));
        }
        catch (Exception unusable) when (unusable is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or ItemNotFoundException or ProviderNotFoundException)
        {
            problem = $"The log {logPath} cannot be written: {unusable.Message}";
        }

        return journal;
    }

    public void Event(string text) => Line(SweepLogLine.ForEvent(DateTimeOffset.UtcNow, text));

    /// <summary>A job's record: counted, and logged with the time it was decided.</summary>
    public void Record(WriterJobRetryResult record)
    {
        Tally.Add(record);
        Line(SweepLogLine.ForRecord(record));
    }

    /// <summary>Writes an object unless the pipeline is stopping.</summary>
    public void Output(object value) => Stream(() => command.WriteObject(value));

    /// <summary>Writes a non-terminating error; false when -ErrorAction Stop made it end the command instead.</summary>
    public bool Error(ErrorRecord error)
    {
        try
        {
            Stream(() => command.WriteError(error));
            return true;
        }
        catch (ActionPreferenceStopException)
        {
            return false;
        }
    }

    /// <summary>
    /// A Verbose or Debug line of the work. The retrier's per-job warnings are the records' own messages, already
    /// logged: Verbose here, so that -WarningAction Stop cannot end a sweep halfway.
    /// </summary>
    public void Message(PipelineMessage message) => Stream(() =>
    {
        if (message.Level == PipelineMessageLevel.Debug)
        {
            command.WriteDebug(message.Text);
        }
        else
        {
            command.WriteVerboseLine(message.Text);
        }
    });

    /// <summary>Ends the command with the error; only once every record and the summary are out.</summary>
    public void Throw(ErrorRecord error) => command.ThrowTerminatingError(error);

    /// <summary>From now on only the files are written: the command is being disposed or stopped.</summary>
    public void StopStreaming() => Streaming = false;

    /// <summary>The report of every job's latest record; a report that cannot be written needs a person, and stops nothing.</summary>
    public void WriteReport(string path)
    {
        try
        {
            SweepReport.Write(path, Tally.Records);
        }
        catch (Exception unwritable) when (unwritable is System.IO.IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var problem = $"the report {path} could not be written: {unwritable.Message}";
            Tally.Problem(problem);
            Event(problem);
            Error(new ErrorRecord(unwritable, "WriterSweepReportUnwritable", ErrorCategory.WriteError, path));
        }
    }

    public void Dispose() => file?.Dispose();

    private void Line(string line)
    {
        try
        {
            file?.Append(line);
        }
        catch (IOException broken)
        {
            // A full disk must not end the sweep: the line still reaches the output, and the file is given up once.
            file?.Dispose();
            file = null;
            Stream(() => command.WriteWarning($"The log file can no longer be written ({broken.Message}); the log goes on in the output only."));
        }

        Stream(() => command.WriteInformation(line, Tags));
    }

    private void Stream(Action write)
    {
        if (!Streaming)
        {
            return;
        }

        try
        {
            write();
        }
        catch (PipelineStoppedException)
        {
            Streaming = false;
        }
    }
}
