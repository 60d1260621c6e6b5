using System;
using System.IO;
using System.Text;
using System.Threading;

namespace WriterJobs.Sweep;

/// <summary>
/// The sweep's -LogPath: one line per event, appended and flushed as it happens, so a run the scheduler kills still
/// leaves every line it got to. Runs that share the file take turns line by line.
/// </summary>
internal sealed class SweepLogFile : IDisposable
{
    // A lock on one byte far past any real log, so readers (tail -f, Get-Content -Wait) are never blocked.
    private const long TurnOffset = long.MaxValue - 1;
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(5);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // Byte-range locks are the process's on Unix (fcntl), so two logs open in one process take turns here instead.
    private static readonly object ProcessTurn = new();

    private readonly FileStream stream;
    private bool canTakeTurns = true;

    private SweepLogFile(string path, FileStream stream)
    {
        Path = path;
        this.stream = stream;
    }

    public string Path { get; }

    /// <exception cref="IOException">The file cannot be opened for appending (no such folder, no right, a folder).</exception>
    public static SweepLogFile Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new IOException($"The log path {full} is a folder; give a file in it.");
        }

        if (!Directory.Exists(System.IO.Path.GetDirectoryName(full)))
        {
            throw new IOException($"The folder of the log {full} does not exist.");
        }

        return new SweepLogFile(full, new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1));
    }

    /// <summary>Appends one line at the end of the file as it is now, whoever else wrote to it meanwhile.</summary>
    public void Append(string line)
    {
        var bytes = Utf8.GetBytes(line.Replace("\r", " ").Replace("\n", " ") + "\n");
        lock (ProcessTurn)
        {
            var turn = TakeTurn();
            try
            {
                stream.Seek(0, SeekOrigin.End);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush();
            }
            finally
            {
                if (turn)
                {
                    stream.Unlock(TurnOffset, 1);
                }
            }
        }
    }

    public void Dispose() => stream.Dispose();

    // Waits a little for another run's line; a line is never lost to a run that holds its turn too long.
    private bool TakeTurn()
    {
        var deadline = DateTime.UtcNow + TurnTimeout;
        while (canTakeTurns)
        {
            try
            {
                stream.Lock(TurnOffset, 1);
                return true;
            }
            catch (PlatformNotSupportedException)
            {
                // macOS has no byte-range locks in .NET: lines are still whole, in one write each.
                canTakeTurns = false;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }
            catch (IOException)
            {
                return false;
            }
        }

        return false;
    }
}
