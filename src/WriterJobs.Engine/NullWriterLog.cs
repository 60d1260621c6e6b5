namespace WriterJobs;

/// <summary>A log that drops everything, for callers that do not listen.</summary>
internal sealed class NullWriterLog : IWriterLog
{
    public static readonly NullWriterLog Instance = new();

    private NullWriterLog()
    {
    }

    public bool IsDebugEnabled => false;

    public void Verbose(string message)
    {
    }

    public void Debug(string message)
    {
    }

    public void Warning(string message)
    {
    }
}
