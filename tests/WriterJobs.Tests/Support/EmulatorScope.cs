using System;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Emulator;
using WriterJobs.Http;

namespace WriterJobs.Tests.Support;

/// <summary>A real emulator on a loopback port, and a real connection to it, for one test.</summary>
internal sealed class EmulatorScope : IAsyncDisposable
{
    public const string ApiKey = "test-key-0000";

    private EmulatorScope(WriterEmulator emulator, WriterConnection connection, CapturingLog log)
    {
        Emulator = emulator;
        Connection = connection;
        Log = log;
        Client = connection.CreateClient(log);
    }

    public WriterEmulator Emulator { get; }

    public WriterConnection Connection { get; }

    public WriterJobsClient Client { get; }

    public CapturingLog Log { get; }

    public EmulatorJobStore Store => Emulator.Store;

    public FaultSettings Faults => Emulator.Faults;

    public static async Task<EmulatorScope> StartAsync(Action<EmulatorOptions>? emulator = null, Action<WriterConnectionSettings>? connection = null)
    {
        var options = new EmulatorOptions { ApiKey = ApiKey, FailedShare = 0.25 };
        emulator?.Invoke(options);
        var started = await WriterEmulator.StartAsync(options);
        var settings = Settings(started.BaseUri, ApiKey);
        connection?.Invoke(settings);
        return new EmulatorScope(started, WriterConnection.Open(settings), new CapturingLog());
    }

    /// <summary>Settings for tests: fast retries, and a rate high enough not to be the subject unless a test says so.</summary>
    public static WriterConnectionSettings Settings(Uri baseUri, string key) => new()
    {
        BaseUri = baseUri,
        ApiKey = SecretText.Protect(key),
        RequestsPerMinute = 1_000_000,
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Another client on the same emulator with other connection settings.</summary>
    public WriterConnection Connect(Action<WriterConnectionSettings> change) => Connect(change, TimeProvider.System);

    /// <summary>Another client on the same emulator whose retry delays, pauses and waits run on <paramref name="clock"/>.</summary>
    public WriterConnection Connect(Action<WriterConnectionSettings> change, TimeProvider clock)
    {
        var settings = Settings(Emulator.BaseUri, ApiKey);
        change(settings);
        return WriterConnection.Open(settings, clock);
    }

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        await Emulator.DisposeAsync();
    }
}
