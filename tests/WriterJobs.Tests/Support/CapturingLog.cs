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

    /// <summary>Called with each line as it is written, on the writer's thread: lets a test act at a given step.</summary>
    public System.Action<string>? OnLine { get; set; }

    public void Verbose(string message) => Add("VERBOSE: " + message);

    public void Debug(string message) => Add("DEBUG: " + message);

    public void Warning(string message) => Add("WARNING: " + message);

    private void Add(string line)
    {
        lines.Enqueue(line);
        OnLine?.Invoke(line);
    }

    public int Count(string fragment) => lines.Count(l => l.Contains(fragment, System.StringComparison.Ordinal));
}
