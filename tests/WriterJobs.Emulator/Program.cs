using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;

namespace WriterJobs.Emulator;

/// <summary>Runs one emulator from the console until Ctrl+C or SIGTERM.</summary>
internal static class Program
{
    private const int BadUsage = 2;

    private const string Usage = """
        Usage: WriterJobs.Emulator [flags]   (every flag optional; --flag value or --flag=value)
          --urls URL              where to listen (default http://127.0.0.1:0, a free port)
          --api-key KEY           key clients send as Authorization: Bearer KEY (default test)
          --read-only-key KEY     a second key that may GET but gets 403 on POST
          --jobs N                jobs to seed (default 0)
          --failed SHARE          share of seeded jobs that failed, 0..1 (default 0.25)
          --in-progress SHARE     share of seeded jobs in progress, 0..1 (default 0)
          --retry-failed SHARE    share of retried jobs that fail again, 0..1 (default 0)
          --applications LIST     the applications, comma-separated (default app-1): an ID adds an application known
                                  by that ID only (named after it, no input schema); a whole number N adds N named
                                  applications with input schemas and UUIDs (Blog post writer, Blog outline, Product
                                  description, ...; after the 8th the names repeat). E.g. app-1,app-2 or 6 or app-1,6.
                                  Seeded jobs spread across them all, round robin.
          --not-failed-status N   how a retry of a job that is not failed is refused: 409 (default), or 400
                                  with the key fail.job.notFailed
          --completion-ms MS      how long a job stays in progress (default 2000)
          --latency-ms MS         added to every request (default 0)
          --fault-rate SHARE      share of requests that suffer a fault, 0..1 (default 0)
          --faults K1,K2          fault kinds, equally likely (default TooManyRequests,InternalServerError,
                                  BadGateway,ServiceUnavailable); also ResetBeforeResponse, ResetAfterWork,
                                  CloseBeforeWork, CloseAfterWork (clean close, no answer), Stall,
                                  StallMidBody (headers and half the body, then 30 s of nothing),
                                  ApplyLate (held 30 s whatever the client does, then done, no answer),
                                  MalformedBody, HtmlErrorPage
          --stall-ms MS           how long Stall, StallMidBody and ApplyLate hold a request (default 30000)
          --quota-rps N           requests a second before 429s (default off)
          --seed N                seed for job IDs, statuses and faults (default 42)
          --lenient               turn off the strict front end (on by default: refuses what an AWS load
                                  balancer in its strictest mode, CloudFront and nginx refuse, as they answer)
          --control               serve /_emulator/control/..., through which a test in another process seeds
                                  jobs, sets faults and reads the request log (default off)
          --help                  show this text
        Read-outs for tests, without key or faults, never counted: GET /_emulator/retries answers the
        retries that took effect, the jobs where more than one did, and the retries refused as not failed;
        GET /_emulator/requests the requests received, in all and per endpoint.
        """;

    // The flags whose names differ from the option they set; --jobs, --seed and --applications bind by their own name.
    private static readonly Dictionary<string, string> Flags = new()
    {
        ["--urls"] = nameof(EmulatorOptions.Url),
        ["--api-key"] = nameof(EmulatorOptions.ApiKey),
        ["--read-only-key"] = nameof(EmulatorOptions.ReadOnlyApiKey),
        ["--failed"] = nameof(EmulatorOptions.FailedShare),
        ["--in-progress"] = nameof(EmulatorOptions.InProgressShare),
        ["--retry-failed"] = nameof(EmulatorOptions.RetryOutcomeFailedShare),
        ["--not-failed-status"] = nameof(EmulatorOptions.NotFailedRetryStatus),
        ["--completion-ms"] = nameof(EmulatorOptions.CompletionMs),
        ["--latency-ms"] = nameof(EmulatorOptions.LatencyMs),
        ["--fault-rate"] = nameof(EmulatorOptions.FaultRate),
        ["--faults"] = nameof(EmulatorOptions.FaultKinds),
        ["--stall-ms"] = nameof(EmulatorOptions.StallMs),
        ["--quota-rps"] = nameof(EmulatorOptions.QuotaPerSecond),
    };

    // The command-line provider reads every flag as --flag value: a bare switch becomes the setting it stands for.
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--control"] = $"--{nameof(EmulatorOptions.RemoteControl)}=true",
        ["--lenient"] = $"--{nameof(EmulatorOptions.Strict)}=false",
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Any(arg => arg is "--help" or "-h" or "-?"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        EmulatorOptions options;
        try
        {
            options = new ConfigurationBuilder()
                .AddCommandLine(args.Select(arg => Switches.GetValueOrDefault(arg, arg)).ToArray(), Flags)
                .Build()
                .Get<EmulatorOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new EmulatorOptions();
            options.Validate();
        }
        catch (Exception problem) when (problem is ArgumentException or InvalidOperationException or TargetInvocationException { InnerException: ArgumentException })
        {
            var message = problem is TargetInvocationException { InnerException: { } inner } ? inner.Message : problem.Message;
            await Console.Error.WriteLineAsync($"error: {message}{Environment.NewLine}Run with --help for the flags.");
            return BadUsage;
        }

        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        WriterEmulator emulator;
        try
        {
            emulator = await WriterEmulator.StartAsync(options, stop.Token);
        }
        catch (IOException problem)
        {
            // Kestrel reports a taken port or an unusable address this way.
            await Console.Error.WriteLineAsync($"error: cannot listen on {options.Url}: {problem.Message}");
            return 1;
        }

        await using (emulator)
        {
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
        Console.WriteLine($"  API key:        {options.ApiKey}{(options.ReadOnlyApiKey is { } readOnly ? $" (read-only: {readOnly})" : null)}");
        Console.WriteLine($"  front end:      {(options.Strict ? "strict (refuses what strict front ends refuse)" : "lenient")}");
        Console.WriteLine($"  applications:   {string.Join(", ", emulator.Applications.All.Where(app => app.Status == EmulatorApplication.Deployed).Select(app => app.Name != app.Id ? $"{app.Name} ({app.Id})" : app.Id))}");
        foreach (var status in new[] { JobStatus.Failed, JobStatus.Completed, JobStatus.InProgress })
        {
            var ids = emulator.Store.Ids(status: status);
            Console.WriteLine($"  {status,-15} {ids.Count}{(ids.Count > 0 ? $", e.g. {string.Join(" ", ids.Take(3))}" : null)}");
        }

        Console.WriteLine($"Try: curl -H 'Authorization: Bearer {options.ApiKey}' {emulator.BaseUri}v1/applications/{emulator.Applications.DeployedIds[0]}/jobs?limit=5");
        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
