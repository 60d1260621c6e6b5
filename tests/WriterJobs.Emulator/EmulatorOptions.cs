using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;

namespace WriterJobs.Emulator;

/// <summary>
/// How an emulator starts. <see cref="CompletionDelay"/> and <see cref="RetryOutcomeFailedShare"/>
/// are read on every state change, so tests may change them while the emulator runs.
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

    /// <summary>The clock job lifecycles, the quota, latency and stalls are computed against; tests may pass a fake one.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>
    /// Serves /_emulator/control/..., through which a test in another process seeds jobs, sets faults and reads the
    /// request log (<c>--control</c>). Off by default: an emulator run by hand cannot be changed from outside.
    /// </summary>
    public bool RemoteControl { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> with a message fit for a user when a value is out of range.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(ApiKey), "The API key must not be empty.");
        Require(ReadOnlyApiKey is null || (ReadOnlyApiKey.Length > 0 && ReadOnlyApiKey != ApiKey), "The read-only key must be non-empty and differ from the API key.");
        Require(Jobs >= 0, "The number of jobs must not be negative.");
        Shares.Require(FailedShare, nameof(FailedShare));
        Shares.Require(InProgressShare, nameof(InProgressShare));
        Shares.Require(RetryOutcomeFailedShare, nameof(RetryOutcomeFailedShare));
        Require(FailedShare + InProgressShare <= 1, "The failed and in-progress shares add up to more than 1.");
        Require(ApplicationIds is not null && !ApplicationIds.Any(string.IsNullOrWhiteSpace), "No application ID may be empty.");
        Require(ApplicationIds!.Distinct(StringComparer.Ordinal).Count() == ApplicationIds!.Count, "An application ID is given twice.");
        Require(NamedApplications >= 0, "The number of named applications must not be negative.");
        Require(ApplicationIds!.Count + NamedApplications > 0, "At least one application is needed.");
        Require(NotFailedRetryStatus is 400 or 409, "A retry of a job that is not failed is refused with 409 or 400.");
        Require(CompletionDelay >= TimeSpan.Zero, "The completion delay must not be negative.");
        Require(Clock is not null, "A clock is needed.");
        Require(!string.IsNullOrWhiteSpace(Url) && Url.Split(';').All(IsHttpAddress), $"'{Url}' is not an http:// address to listen on (https is not supported).");
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
}
