using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;

namespace WriterJobs.Emulator;

/// <summary>
/// How an emulator starts, in process or bound from the command line by configuration (see Program's flags).
/// <see cref="CompletionDelay"/> and <see cref="RetryOutcomeFailedShare"/> are read on every state change, so tests may
/// change them while the emulator runs.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The key every request must send as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public string ApiKey { get; set; } = "test";

    /// <summary>An optional second key that may GET but gets 403 on POSTs.</summary>
    public string? ReadOnlyApiKey { get; set; }

    /// <summary>How many jobs to seed at start.</summary>
    public int Jobs { get; set; }

    /// <summary>Share (0..1) of seeded jobs that are failed.</summary>
    public double FailedShare { get; set; } = 0.25;

    /// <summary>Share (0..1) of seeded jobs that are still in progress.</summary>
    public double InProgressShare { get; set; }

    /// <summary>
    /// Applications known only by their ID, named after it and with no input schema (so nothing a job is given is
    /// refused); seeded jobs are spread across these and the <see cref="NamedApplications"/>, round robin.
    /// </summary>
    public IReadOnlyList<string> ApplicationIds { get; set; } = ["app-1"];

    /// <summary>How many applications to seed with names and input schemas (<see cref="ApplicationCatalog"/>), after those of <see cref="ApplicationIds"/>.</summary>
    public int NamedApplications { get; set; }

    /// <summary>How long a job stays in progress before it reaches its planned outcome.</summary>
    public TimeSpan CompletionDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share (0..1) of retried jobs that fail again instead of completing.</summary>
    public double RetryOutcomeFailedShare { get; set; }

    /// <summary>
    /// How a retry of a job that is not failed is refused: 409 (this emulator's default), or 400 with the key
    /// <c>fail.job.notFailed</c>, as other servers answer. The API reference does not say.
    /// </summary>
    public int NotFailedRetryStatus { get; set; } = 409;

    /// <summary>Seed for job IDs, seeded statuses and fault rolls: same seed, same emulator.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Where Kestrel listens, as for <c>--urls</c>; port 0 picks a free port (see <see cref="WriterEmulator.BaseUri"/>).</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>
    /// Whether the emulator refuses what the strictest common front ends refuse (<see cref="FrontEnd.FrontEndRule"/>),
    /// as they answer it, and reads the key as RFC 6750 writes it. On by default, so every test runs against it; off
    /// only for a test that must reach the API with a request a front end would stop.
    /// </summary>
    public bool Strict { get; set; } = true;

    /// <summary>
    /// The clock and timers job lifecycles, the quota, latency and stalls run on: by default the system clock with
    /// timers to the millisecond (<see cref="PreciseTimeProvider"/>); tests may pass a fake one.
    /// </summary>
    public TimeProvider Clock { get; set; } = PreciseTimeProvider.Instance;

    /// <summary>
    /// Serves /_emulator/control/..., through which a test in another process seeds jobs, sets faults and reads the
    /// request log (<c>--control</c>). Off by default: an emulator run by hand cannot be changed from outside.
    /// </summary>
    public bool RemoteControl { get; set; }

    /// <summary>The faults the emulator starts with; tests change them while it runs through <see cref="WriterEmulator.Faults"/>.</summary>
    public FaultPlan Faults { get; set; } = FaultPlan.None;

    // The command line's spellings of the values above, for the configuration binder: whole milliseconds and lists.

    /// <summary><c>--applications app-1,app-2,6</c>: the IDs, and at most one whole number, the count of named applications.</summary>
    public string Applications
    {
        get => string.Join(',', NamedApplications > 0 ? ApplicationIds.Append($"{NamedApplications}") : ApplicationIds);
        set
        {
            var entries = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var counts = entries.Where(entry => entry.All(char.IsAsciiDigit)).ToList();
            Require(counts.Count <= 1, $"--applications takes one count of named applications, not {string.Join(" and ", counts)}.");
            (ApplicationIds, NamedApplications) = (entries.Except(counts).ToArray(), counts.Count == 1 ? int.Parse(counts[0], System.Globalization.CultureInfo.InvariantCulture) : 0);
        }
    }

    public int CompletionMs
    {
        get => (int)CompletionDelay.TotalMilliseconds;
        set => CompletionDelay = TimeSpan.FromMilliseconds(value);
    }

    public int LatencyMs
    {
        get => (int)Faults.Global.Latency.TotalMilliseconds;
        set => Faults = Faults with { Global = Faults.Global with { Latency = TimeSpan.FromMilliseconds(value) } };
    }

    public double FaultRate
    {
        get => Faults.Global.FaultRate;
        set => Faults = Faults with { Global = Faults.Global with { FaultRate = value } };
    }

    /// <summary><c>--faults Stall,reset-after-work</c>: equally likely fault kinds, by name in any case, dashes allowed.</summary>
    public string FaultKinds
    {
        get => string.Join(',', Faults.Global.Mix.Keys);
        set => Faults = Faults with { Global = Faults.Global with { Mix = FaultProfile.EqualWeights(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(FaultKindNamed)) } };
    }

    public int StallMs
    {
        get => (int)Faults.StallDuration.TotalMilliseconds;
        set => Faults = Faults with { StallDuration = TimeSpan.FromMilliseconds(value) };
    }

    public double? QuotaPerSecond
    {
        get => Faults.Quota?.PerSecond;
        set => Faults = Faults with { Quota = value is { } rate ? new QuotaBucket(rate) : null };
    }

    /// <summary>Now on <see cref="Clock"/>, in whole milliseconds as the API writes times, so ordering matches what clients parse.</summary>
    internal DateTimeOffset Now()
    {
        var now = Clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>Throws <see cref="ArgumentException"/> with a message fit for a user when a value is out of range.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(ApiKey), "The API key must not be empty.");
        Require(ReadOnlyApiKey is null || (ReadOnlyApiKey.Length > 0 && ReadOnlyApiKey != ApiKey), "The read-only key must be non-empty and differ from the API key.");
        Require(Jobs >= 0, "The number of jobs must not be negative.");
        FaultProfile.RequireShare(FailedShare, nameof(FailedShare));
        FaultProfile.RequireShare(InProgressShare, nameof(InProgressShare));
        FaultProfile.RequireShare(RetryOutcomeFailedShare, nameof(RetryOutcomeFailedShare));
        Require(FailedShare + InProgressShare <= 1, "The failed and in-progress shares add up to more than 1.");
        Require(ApplicationIds is not null && !ApplicationIds.Any(string.IsNullOrWhiteSpace), "No application ID may be empty.");
        Require(ApplicationIds!.Distinct(StringComparer.Ordinal).Count() == ApplicationIds!.Count, "An application ID is given twice.");
        Require(NamedApplications >= 0, "The number of named applications must not be negative.");
        Require(ApplicationIds!.Count + NamedApplications > 0, "At least one application is needed.");
        Require(NotFailedRetryStatus is 400 or 409, "A retry of a job that is not failed is refused with 409 or 400.");
        Require(CompletionDelay >= TimeSpan.Zero, "The completion delay must not be negative.");
        Require(Clock is not null, "A clock is needed.");
        Require(!string.IsNullOrWhiteSpace(Url) && Url.Split(';').All(IsHttpAddress), $"'{Url}' is not an http:// address to listen on (https is not supported).");
        Require(Faults is not null, "A fault plan is needed.");
        Faults!.Validate();
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    // Kestrel's own parser, so anything it would refuse at bind time is refused here with a clear message.
    private static bool IsHttpAddress(string address)
    {
        try
        {
            return BindingAddress.Parse(address.Trim()).Scheme == "http";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // Accepts the enum names in any case, with or without dashes: Stall, stall, reset-after-work.
    private static FaultKind FaultKindNamed(string name) =>
        Enum.TryParse<FaultKind>(name.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new ArgumentException($"--faults: unknown fault kind '{name}'; known: {string.Join(", ", Enum.GetNames<FaultKind>())}.");
}
