using System.Collections.Concurrent;
using System.Linq;

namespace WriterJobs.Tests.Support;

/// <summary>Keeps every log line, for tests that read what a command would have written to Verbose, Debug and Warning.</summary>
internal sealed class CapturingLog : IWriterLog
{
    private readonly ConcurrentQueue<string> lines = new();

    public string[] Lines => lines.ToArray();

    public string All => string.Join("\n", lines);

    public bool IsDebugEnabled => true;

    public void Verbose(string message) => lines.Enqueue("VERBOSE: " + message);

    public void Debug(string message) => lines.Enqueue("DEBUG: " + message);

    public void Warning(string message) => lines.Enqueue("WARNING: " + message);

    public int Count(string fragment) => lines.Count(l => l.Contains(fragment, System.StringComparison.Ordinal));
}
