using System;
using System.Collections.Generic;
using System.Globalization;

namespace WriterJobs.Tests.Support;

/// <summary>
/// Stands in for the emulator's EmulatorOptions in the net472 suite: the settings the tests use, handed to the emulator process
/// as its command line. The emulator's own clock is the only one it can have: a test's fake clock stays in this process.
/// </summary>
internal sealed class EmulatorOptions
{
    public string ApiKey { get; set; } = "test";

    public int Jobs { get; set; }

    public double FailedShare { get; set; } = 0.25;

    public double InProgressShare { get; set; }

    public IReadOnlyList<string> ApplicationIds { get; set; } = ["app-1"];

    public TimeSpan CompletionDelay { get; set; } = TimeSpan.FromSeconds(2);

    public double RetryOutcomeFailedShare { get; set; }

    public int NotFailedRetryStatus { get; set; } = 409;

    public string Url { get; set; } = "http://127.0.0.1:0";

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The emulator's flags for these options (see its Program), control endpoints on. The seed is the emulator's default.</summary>
    public IReadOnlyList<string> CommandLine()
    {
        if (Clock != TimeProvider.System)
        {
            throw new NotSupportedException(
                "An emulator in another process runs on its own clock. A test that shares a fake clock with the emulator runs only in process: mark it [Trait(\"Emulator\", \"InProcess\")].");
        }

        return
        [
            "--control",
            "--urls", Url,
            "--api-key", ApiKey,
            "--jobs", Text(Jobs),
            "--failed", Text(FailedShare),
            "--in-progress", Text(InProgressShare),
            "--retry-failed", Text(RetryOutcomeFailedShare),
            "--applications", string.Join(",", ApplicationIds),
            "--not-failed-status", Text(NotFailedRetryStatus),
            "--completion-ms", Text((long)CompletionDelay.TotalMilliseconds),
        ];
    }

    private static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
