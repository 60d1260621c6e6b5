namespace WriterJobs;

/// <summary>Where the engine tells what it sent, retried and skipped; the cmdlets route it to the Verbose, Debug and Warning streams.</summary>
/// <remarks>Implementations are called from any thread. Nothing written here may contain the API key.</remarks>
internal interface IWriterLog
{
    /// <summary>False when nobody reads Debug lines; the engine then does not build its line a request.</summary>
    bool IsDebugEnabled { get; }

    void Verbose(string message);

    void Debug(string message);

    void Warning(string message);
}
