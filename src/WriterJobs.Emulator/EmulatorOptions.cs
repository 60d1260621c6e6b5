using System;
using System.Collections.Generic;
using System.Linq;

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

    /// <summary>Applications the seeded jobs are spread across, round robin.</summary>
    public IReadOnlyList<string> ApplicationIds { get; set; } = ["app-1"];

    /// <summary>How long a job stays in progress before it reaches its planned outcome.</summary>
    public TimeSpan CompletionDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share (0..1) of retried jobs that fail again instead of completing.</summary>
    public double RetryOutcomeFailedShare { get; set; }

    /// <summary>Seed for job IDs, seeded statuses and fault rolls: same seed, same emulator.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Where Kestrel listens, as for <c>--urls</c>; port 0 picks a free port (see <see cref="WriterEmulator.BaseUri"/>).</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>The clock job lifecycles and the quota are computed against; tests may pass a fake one.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> with a message fit for a user when a value is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("The API key must not be empty.", nameof(ApiKey));
        }

        if (ReadOnlyApiKey is not null && (ReadOnlyApiKey.Length == 0 || ReadOnlyApiKey == ApiKey))
        {
            throw new ArgumentException("The read-only key must be non-empty and differ from the API key.", nameof(ReadOnlyApiKey));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Jobs, nameof(Jobs));
        RequireShare(FailedShare, nameof(FailedShare));
        RequireShare(InProgressShare, nameof(InProgressShare));
        RequireShare(RetryOutcomeFailedShare, nameof(RetryOutcomeFailedShare));
        if (FailedShare + InProgressShare > 1)
        {
            throw new ArgumentException("The failed and in-progress shares add up to more than 1.", nameof(InProgressShare));
        }

        if (ApplicationIds is null || ApplicationIds.Count == 0 || ApplicationIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("At least one application ID is needed, and none may be empty.", nameof(ApplicationIds));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(CompletionDelay, TimeSpan.Zero, nameof(CompletionDelay));
        if (string.IsNullOrWhiteSpace(Url))
        {
            throw new ArgumentException("The URL to listen on must not be empty.", nameof(Url));
        }

        ArgumentNullException.ThrowIfNull(Clock, nameof(Clock));
    }

    internal static void RequireShare(double value, string name)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1.");
        }
    }
}
