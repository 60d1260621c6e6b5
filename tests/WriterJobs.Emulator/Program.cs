using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Emulator;

/// <summary>Runs one emulator from the console until Ctrl+C or SIGTERM.</summary>
internal static class Program
{
    private const int BadUsage = 2;

    public static async Task<int> Main(string[] args)
    {
        EmulatorCommandLine commandLine;
        try
        {
            commandLine = EmulatorCommandLine.Parse(args);
        }
        catch (ArgumentException problem)
        {
            await Console.Error.WriteLineAsync($"error: {problem.Message}{Environment.NewLine}Run with --help for the flags.");
            return BadUsage;
        }

        if (commandLine.ShowHelp)
        {
            Console.WriteLine(EmulatorCommandLine.Usage);
            return 0;
        }

        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        WriterEmulator emulator;
        try
        {
            emulator = await WriterEmulator.StartAsync(commandLine.Options, stop.Token);
        }
        catch (IOException problem)
        {
            // Kestrel reports a taken port or an unusable address this way.
            await Console.Error.WriteLineAsync($"error: cannot listen on {commandLine.Options.Url}: {problem.Message}");
            return 1;
        }

        await using (emulator)
        {
            emulator.Faults.Change(plan => plan with
            {
                Global = commandLine.Faults,
                Quota = commandLine.QuotaPerSecond is { } rate ? new QuotaBucket(rate) : null,
                StallDuration = commandLine.StallDuration ?? plan.StallDuration,
            });

            PrintBanner(emulator);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Stopping.");
            }
        }

        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static void PrintBanner(WriterEmulator emulator)
    {
        var options = emulator.Options;
        Console.WriteLine($"Writer jobs emulator listening on {emulator.BaseUri}");
        Console.WriteLine($"  API key:        {options.ApiKey}");
        if (options.ReadOnlyApiKey is { } readOnly)
        {
            Console.WriteLine($"  read-only key:  {readOnly}");
        }

        Console.WriteLine($"  front end:      {(options.Strict ? "strict (refuses what strict front ends refuse)" : "lenient")}");
        Console.WriteLine($"  applications:   {string.Join(", ", emulator.Applications.DeployedIds.Select(id => emulator.Applications.Find(id) is { } app && app.Name != id ? $"{app.Name} ({id})" : id))}");
        Console.WriteLine($"  jobs:           {emulator.Store.Count}");
        foreach (var status in new[] { JobStatus.Failed, JobStatus.Completed, JobStatus.InProgress })
        {
            var ids = emulator.Store.Ids(status: status);
            if (ids.Count > 0)
            {
                Console.WriteLine($"  {status} ({ids.Count}), e.g.: {string.Join(" ", ids.Take(3))}");
            }
        }

        Console.WriteLine($"Try: curl -H 'Authorization: Bearer {options.ApiKey}' {emulator.BaseUri}v1/applications/{emulator.Applications.DeployedIds[0]}/jobs?limit=5");
        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
