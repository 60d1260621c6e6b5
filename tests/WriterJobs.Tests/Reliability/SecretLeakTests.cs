using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Emulator;
using WriterJobs.Output;
using WriterJobs.Retry;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Reliability;

/// <summary>A canary key, run through every path that writes something, is found in none of it.</summary>
public sealed class SecretLeakTests
{
    private static readonly string Canary = "canary-" + Guid.NewGuid().ToString("N");
    private static readonly string WrongCanary = "wrong-canary-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task The_key_appears_in_no_output_log_line_error_or_ToString()
    {
        var seen = new StringBuilder();
        await using var scope = await EmulatorScope.StartAsync(o => { o.ApiKey = Canary; o.Jobs = 200; o.FailedShare = 0.5; });
        scope.Faults.RetryAfter = TimeSpan.FromMilliseconds(10);
        scope.Faults.Global = new FaultProfile { FaultRate = 0.3, Mix = FaultProfile.EqualWeights(Enum.GetValues<FaultKind>().Where(k => k != FaultKind.Stall)) };
        using var connection = scope.Connect(s => { s.ApiKey = SecretText.Protect(Canary); s.MaxRetries = 2; s.RetryBaseDelay = TimeSpan.FromMilliseconds(1); });

        // Reads (with retries, 404s and unreadable bodies) and retries (with lost answers), as the cmdlets run them.
        var ids = scope.Store.Ids().Concat(new[] { Guid.NewGuid(), Guid.NewGuid() }).ToList();
        var reads = PipelineHarness<Guid, WriterJob>.Run(connection, ids, (client, _) => client.GetJobAsync);
        var retries = PipelineHarness<Guid, WriterJobRetryResult>.Run(connection, ids, (client, log) =>
        {
            var retrier = new WriterJobRetrier(client, log, WriterJobRetrier.DefaultMaxStatusAge, force: false);
            return (id, ct) => retrier.RetryAsync(new WriterJobRequest(id), ct);
        });
        Assert.NotEmpty(reads.Errors);
        Assert.Contains("; retry ", reads.Log, StringComparison.Ordinal);
        seen.AppendLine(reads.Log).AppendLine(retries.Log);
        foreach (var error in reads.Errors.Concat(retries.Errors).Select(e => e.Error))
        {
            seen.AppendLine(error.ToString()).AppendLine(ErrorMapping.Describe(error, null).ToString());
        }

        foreach (var result in reads.Results.Select(r => (object)r.Result).Concat(retries.Results.Select(r => r.Result)))
        {
            seen.AppendLine(result.ToString()).AppendLine(JsonSerializer.Serialize(result, result.GetType()));
        }

        foreach (var failure in await FailuresAsync(scope))
        {
            seen.AppendLine(failure.ToString());
        }

        var info = new WriterConnectionInfo(connection.Settings, WriterConnectionInfo.ConnectWriterSource);
        seen.AppendLine(connection.ToString()).AppendLine(connection.Settings.ToString()).AppendLine(info.ToString())
            .AppendLine(JsonSerializer.Serialize(info)).AppendLine(JsonSerializer.Serialize(connection.Settings));

        var everything = seen.ToString();
        Assert.True(everything.Length > 10_000, "enough was written to make the search meaningful");
        // The random halves: not even a fragment of either key may show.
        Assert.DoesNotContain(Canary["canary-".Length..][..16], everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(WrongCanary["wrong-canary-".Length..][..16], everything, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Errors from a wrong key, a refused transport, a timeout and a refused redirect, each with the canary in play.</summary>
    private static async Task<IReadOnlyList<Exception>> FailuresAsync(EmulatorScope scope)
    {
        var failures = new List<Exception>();
        var id = scope.Store.Ids()[0];
        scope.Faults.Clear();
        using (var wrong = scope.Connect(s => s.ApiKey = SecretText.Protect(WrongCanary)))
        {
            failures.Add(await Assert.ThrowsAsync<WriterApiException>(() => wrong.CreateClient().GetJobAsync(id)));
        }

        failures.Add(Assert.Throws<WriterApiException>(() => WriterConnection.Open(EmulatorScope.Settings(new Uri("http://api.writer.com/"), Canary))));

        scope.Faults.StallDuration = TimeSpan.FromSeconds(10);
        scope.Faults.Global = new FaultProfile { FaultRate = 1, Mix = FaultProfile.EqualWeights(FaultKind.Stall) };
        using (var impatient = scope.Connect(s => { s.ApiKey = SecretText.Protect(Canary); s.RequestTimeout = TimeSpan.FromMilliseconds(100); s.MaxRetries = 0; }))
        {
            failures.Add(await Assert.ThrowsAsync<WriterApiException>(() => impatient.CreateClient().GetJobAsync(id)));
        }

        scope.Faults.Clear();
        scope.Faults.RedirectTo(scope.Emulator.BaseUri);
        using (var redirected = scope.Connect(s => s.ApiKey = SecretText.Protect(Canary)))
        {
            failures.Add(await Assert.ThrowsAsync<WriterApiException>(() => redirected.CreateClient().GetJobAsync(id)));
        }

        return failures;
    }
}
