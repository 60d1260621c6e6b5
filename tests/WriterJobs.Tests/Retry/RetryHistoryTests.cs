using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Retry.History;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Retry;

/// <summary>The retry history on real files: the budget across runs, atomic rewrites, foreign files left alone, and runs that overlap.</summary>
public sealed class RetryHistoryTests : IDisposable
{
    private static readonly RetryBudget TwoAnHourApart = new(2, TimeSpan.FromHours(1));

    private readonly string folder = Directory.CreateTempSubdirectory("writerjobs-history-").FullName;

    private string HistoryPath => Path.Combine(folder, "retries.json");

    [Fact]
    public async Task The_first_claim_of_a_missing_history_creates_it_with_the_job()
    {
        var job = Guid.NewGuid();
        var history = await RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, CancellationToken.None);

        var claim = await history.ClaimAsync(job, CancellationToken.None);

        Assert.True(claim.Granted);
        using var saved = JsonDocument.Parse(File.ReadAllText(HistoryPath));
        Assert.Equal("WriterJobs.RetryHistory/2", saved.RootElement.GetProperty("format").GetString());
        Assert.Equal(1, (await ReadAsync()).BudgetOf(job).Retries);
    }

    [Fact]
    public async Task A_retry_sooner_than_the_least_interval_is_refused_and_one_after_it_granted()
    {
        var clock = new InstantClock();
        var job = Guid.NewGuid();
        var history = await RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, false, clock, null, CancellationToken.None);
        await history.ClaimAsync(job, CancellationToken.None);

        await clock.Delay(TimeSpan.FromMinutes(59));
        var tooSoon = await history.ClaimAsync(job, CancellationToken.None);
        await clock.Delay(TimeSpan.FromMinutes(2));
        var later = await history.ClaimAsync(job, CancellationToken.None);

        Assert.False(tooSoon.Granted);
        Assert.Contains("less than 01:00:00 ago", tooSoon.Refusal, StringComparison.Ordinal);
        Assert.True(later.Granted);
    }

    [Fact]
    public async Task The_budget_holds_across_runs_that_open_the_history_anew()
    {
        var clock = new InstantClock();
        var job = Guid.NewGuid();
        var granted = 0;
        for (var run = 0; run < 4; run++)
        {
            var history = await RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, false, clock, null, CancellationToken.None);
            granted += (await history.ClaimAsync(job, CancellationToken.None)).Granted ? 1 : 0;
            await clock.Delay(TimeSpan.FromHours(2));
        }

        var refused = await (await RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, false, clock, null, CancellationToken.None)).ClaimAsync(job, CancellationToken.None);
        Assert.Equal(2, granted);
        Assert.Contains("retried 2 time(s) already", refused.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_puts_back_what_its_own_claim_took_and_nothing_of_a_later_claim()
    {
        var clock = new InstantClock();
        var job = Guid.NewGuid();
        var history = await RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, false, clock, null, CancellationToken.None);
        var first = await history.ClaimAsync(job, CancellationToken.None);
        await history.ReleaseAsync(first);
        var again = await history.ClaimAsync(job, CancellationToken.None);
        await clock.Delay(TimeSpan.FromHours(2));
        var second = await history.ClaimAsync(job, CancellationToken.None);

        await history.ReleaseAsync(again);

        Assert.True(again.Granted);
        Assert.True(second.Granted);
        Assert.Equal(2, (await ReadAsync(clock)).BudgetOf(job).Retries);
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("""{ "jobs": {} }""")]
    [InlineData("""{ "format": "WriterJobs.RetryHistory/1", "jobs": { "not-a-guid": { "retries": 1, "lastRetryAt": "2026-11-01T00:00:00Z" } } }""")]
    [InlineData("""[ "someone else's file" ]""")]
    public async Task A_file_that_is_not_a_retry_history_is_reported_and_left_as_it_is(string content)
    {
        File.WriteAllText(HistoryPath, content);

        var refused = await Assert.ThrowsAsync<WriterApiException>(() => RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, CancellationToken.None));

        Assert.Equal(WriterErrorKind.RetryHistoryInvalid, refused.Kind);
        Assert.Contains(HistoryPath, refused.Message, StringComparison.Ordinal);
        Assert.True(refused.StopsTheCommand);
        Assert.Equal(content, File.ReadAllText(HistoryPath));
    }

    [Fact]
    public async Task A_write_cut_short_leaves_the_previous_history_whole()
    {
        var job = Guid.NewGuid();
        var history = await RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, CancellationToken.None);
        await history.ClaimAsync(job, CancellationToken.None);
        var before = File.ReadAllText(HistoryPath);
        // What a crash in the middle of a compaction leaves: a half-written file beside the history, never in its place.
        File.WriteAllText(HistoryPath + ".compact.tmp", before[..(before.Length / 2)]);

        var reopened = await RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, CancellationToken.None);
        var refused = await reopened.ClaimAsync(job, CancellationToken.None);

        Assert.Equal(before, File.ReadAllText(HistoryPath));
        Assert.False(refused.Granted);
        Assert.False(File.Exists(HistoryPath + ".compact.tmp"));
    }

    [Fact]
    public async Task Two_runs_at_once_never_both_get_the_same_job()
    {
        var jobs = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, CancellationToken.None)));

        var claims = await Task.WhenAll(runs.SelectMany(run => jobs.Select(job => Task.Run(() => run.ClaimAsync(job, CancellationToken.None)))));

        Assert.All(jobs, job => Assert.Single(claims, c => c.JobId == job && c.Granted));
        Assert.Equal(jobs.Length, (await ReadAsync()).Count);
    }

    [Fact]
    public async Task A_history_another_run_keeps_locked_without_progress_refuses_the_claim_after_the_patience_and_records_nothing()
    {
        var clock = new InstantClock();
        var job = Guid.NewGuid();
        var history = await RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, false, clock, TimeSpan.FromSeconds(5), CancellationToken.None);
        using (new FileStream(HistoryPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var busy = await Assert.ThrowsAsync<WriterApiException>(() => history.ClaimAsync(job, CancellationToken.None));

            Assert.Equal(WriterErrorKind.RetryHistoryBusy, busy.Kind);
            Assert.False(busy.StopsTheCommand);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(5));
        }

        Assert.Equal(0, (await ReadAsync(clock)).BudgetOf(job).Retries);
    }

    private Task<RetryHistory> ReadAsync(TimeProvider? clock = null) =>
        RetryHistory.OpenAsync(HistoryPath, TwoAnHourApart, true, clock, null, CancellationToken.None);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
