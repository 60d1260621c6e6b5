using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Tests.Support;

/// <summary>
/// Stands in for the emulator's WriterEmulator in the net472 suite: the real emulator, started as its own process on
/// a free loopback port (`dotnet WriterJobs.Emulator.dll --control ...`), with its store, faults and request log
/// reached over its control endpoints. Disposing kills the process.
/// </summary>
internal sealed class WriterEmulator : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Regex Listening = new(@"listening on (http://\S+)", RegexOptions.CultureInvariant);

    private readonly Process process;
    private readonly ControlChannel control;

    private WriterEmulator(Process process, Uri baseUri, EmulatorOptions options)
    {
        this.process = process;
        BaseUri = baseUri;
        Options = options;
        control = new ControlChannel(baseUri);
        Store = new EmulatorJobStore(control);
        Faults = new FaultSettings(control);
        Requests = new RequestLog(control);
    }

    public Uri BaseUri { get; }

    public EmulatorOptions Options { get; }

    public EmulatorJobStore Store { get; }

    public FaultSettings Faults { get; }

    public RequestLog Requests { get; }

    /// <summary>The emulator the build put beside its project (see the EmulatorPath metadata in the project file).</summary>
    private static string EmulatorPath { get; } = typeof(WriterEmulator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "EmulatorPath").Value!;

    /// <summary>Starts the emulator and returns once it listens, at the address it printed.</summary>
    public static async Task<WriterEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(DotnetHost(), string.Join(" ", new[] { EmulatorPath }.Concat(options.CommandLine()).Select(Quote)))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Read(object sender, DataReceivedEventArgs line)
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (line.Data is { } text && Listening.Match(text) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The emulator exited before it listened:{Environment.NewLine}{output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var started = await Task.WhenAny(listening.Task, Task.Delay(StartTimeout, cancellationToken)).ConfigureAwait(false);
            if (started != listening.Task)
            {
                throw new TimeoutException($"The emulator did not listen within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{output}");
            }

            return new WriterEmulator(process, await listening.Task.ConfigureAwait(false), options);
        }
        catch
        {
            Stop(process);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        control.Dispose();
        Stop(process);
        return default;
    }

    // `dotnet test` tells its child processes which host runs it; outside it, the one on PATH.
    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static string Quote(string argument) => argument.IndexOfAny([' ', '"']) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        process.Dispose();
    }
}
