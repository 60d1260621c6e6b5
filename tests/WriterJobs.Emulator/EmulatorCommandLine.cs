using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WriterJobs.Emulator;

/// <summary>The console flags, parsed into options and fault settings. Bad input throws <see cref="ArgumentException"/>.</summary>
internal sealed class EmulatorCommandLine
{
    public const string Usage = """
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

    private EmulatorCommandLine()
    {
    }

    public EmulatorOptions Options { get; } = new();

    public FaultProfile Faults { get; private set; } = FaultProfile.None;

    public double? QuotaPerSecond { get; private set; }

    public TimeSpan? StallDuration { get; private set; }

    public bool ShowHelp { get; private set; }

    public static EmulatorCommandLine Parse(IReadOnlyList<string> args)
    {
        var parsed = new EmulatorCommandLine();
        var latency = TimeSpan.Zero;
        var faultRate = 0.0;
        var mix = FaultProfile.TransientHttp;
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inline) = args[i].Split('=', 2) is [var name, var value] ? (name, value) : (args[i], null);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value."));
            switch (flag)
            {
                case "--help" or "-h" or "-?":
                    parsed.ShowHelp = true;
                    break;
                case "--urls":
                    parsed.Options.Url = Value();
                    break;
                case "--api-key":
                    parsed.Options.ApiKey = Value();
                    break;
                case "--read-only-key":
                    parsed.Options.ReadOnlyApiKey = Value();
                    break;
                case "--jobs":
                    parsed.Options.Jobs = Integer(flag, Value());
                    break;
                case "--failed":
                    parsed.Options.FailedShare = Number(flag, Value());
                    break;
                case "--in-progress":
                    parsed.Options.InProgressShare = Number(flag, Value());
                    break;
                case "--retry-failed":
                    parsed.Options.RetryOutcomeFailedShare = Number(flag, Value());
                    break;
                case "--applications":
                    (parsed.Options.ApplicationIds, parsed.Options.NamedApplications) = Applications(flag, List(Value()));
                    break;
                case "--not-failed-status":
                    parsed.Options.NotFailedRetryStatus = Integer(flag, Value());
                    break;
                case "--completion-ms":
                    parsed.Options.CompletionDelay = Milliseconds(flag, Value());
                    break;
                case "--latency-ms":
                    latency = Milliseconds(flag, Value());
                    break;
                case "--fault-rate":
                    faultRate = Number(flag, Value());
                    break;
                case "--faults":
                    mix = FaultProfile.EqualWeights(List(Value()).Select(kind => FaultKindNamed(flag, kind)));
                    break;
                case "--stall-ms":
                    parsed.StallDuration = Milliseconds(flag, Value());
                    break;
                case "--quota-rps":
                    parsed.QuotaPerSecond = Number(flag, Value());
                    break;
                case "--lenient":
                    parsed.Options.Strict = false;
                    break;
                case "--control":
                    parsed.Options.RemoteControl = true;
                    break;
                case "--seed":
                    parsed.Options.Seed = Integer(flag, Value());
                    break;
                default:
                    throw new ArgumentException($"Unknown flag '{args[i]}'.");
            }
        }

        parsed.Options.Validate();
        parsed.Faults = new FaultProfile { Latency = latency, FaultRate = faultRate, Mix = mix };
        parsed.Faults.Validate();
        if (parsed.QuotaPerSecond is <= 0)
        {
            throw new ArgumentException("--quota-rps must be above 0.");
        }

        return parsed;
    }

    private static string[] List(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // IDs as they are; one whole number is the count of named applications.
    private static (string[] Ids, int Named) Applications(string flag, string[] entries)
    {
        var counts = entries.Where(entry => entry.All(char.IsAsciiDigit)).ToList();
        return counts.Count <= 1
            ? (entries.Except(counts).ToArray(), counts.Count == 1 ? Integer(flag, counts[0]) : 0)
            : throw new ArgumentException($"{flag} takes one count of named applications, not {string.Join(" and ", counts)}.");
    }

    private static int Integer(string flag, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{flag} needs a whole number, not '{value}'.");

    private static double Number(string flag, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new ArgumentException($"{flag} needs a number, not '{value}'.");

    private static TimeSpan Milliseconds(string flag, string value) =>
        Integer(flag, value) is var ms and >= 0 ? TimeSpan.FromMilliseconds(ms) : throw new ArgumentException($"{flag} must not be negative.");

    // Accepts the enum names in any case, with or without dashes: Stall, stall, reset-after-work.
    private static FaultKind FaultKindNamed(string flag, string name) =>
        Enum.TryParse<FaultKind>(name.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new ArgumentException($"{flag}: unknown fault kind '{name}'; known: {string.Join(", ", Enum.GetNames<FaultKind>())}.");
}
