using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Retry.History;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Retry;

/// <summary>The history's storage: group commit, a claim that costs the same at any size, crashes at any point, compaction and retention.</summary>
public sealed class RetryJournalTests : IDisposable
{
    private static readonly RetryBudget ThreeAnyTime = new(3, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("writerjobs-journal-").FullName;

    private string HistoryPath => Path.Combine(folder, "retries.json");

    private string JournalPath => HistoryPath + ".journal";

    [Fact]
    public async Task Claims_queued_while_another_run_holds_the_lock_share_one_durable_write()
    {
        var history = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);
        var jobs = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToArray();
        Task<RetryClaim>[] claims;
        using (new FileStream(HistoryPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            claims = jobs.Select(job => Task.Run(() => history.ClaimAsync(job, CancellationToken.None))).ToArray();
            await Task.Delay(200);
            Assert.DoesNotContain(claims, claim => claim.IsCompleted);
        }

        var granted = await Task.WhenAll(claims);

        Assert.All(granted, claim => Assert.True(claim.Granted));
        Assert.InRange(history.Batches, 1, 3);
        Assert.Equal(jobs.Length + 1, File.ReadAllLines(JournalPath).Length);
    }

    [Fact]
    public async Task A_claim_in_a_history_of_100000_jobs_appends_one_line_and_leaves_the_snapshot_alone()
    {
        _ = WriteSnapshot(100_000, DateTimeOffset.UtcNow.AddDays(-1), compacted: true);
        var history = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);
        var snapshot = File.GetLastWriteTimeUtc(HistoryPath);
        var journal = new FileInfo(JournalPath).Length;

        var claim = await history.ClaimAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.True(claim.Granted);
        Assert.Equal(snapshot, File.GetLastWriteTimeUtc(HistoryPath));
        Assert.InRange(new FileInfo(JournalPath).Length - journal, 40, 200);
        Assert.Equal(100_001, history.Count);
    }

    [Fact]
    public async Task A_history_of_100000_jobs_opens_by_index_and_reads_only_the_entries_asked_for()
    {
        var known = WriteSnapshot(100_000, DateTimeOffset.UtcNow.AddDays(-1), compacted: true);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var history = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);

        started.Stop();
        Assert.Equal(100_000, history.Count);
        Assert.Equal(1, history.BudgetOf(known).Retries);
        Assert.False(File.Exists(JournalPath) && new FileInfo(JournalPath).Length > 0, "an open that compacted wrote the journal");
        Console.WriteLine($"opened a history of 100,000 jobs in {started.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_line_cut_short_by_a_killed_run_is_ignored_and_cut_off_before_the_next_append()
    {
        var job = Guid.NewGuid();
        var first = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);
        await first.ClaimAsync(job, CancellationToken.None);
        File.AppendAllText(JournalPath, $"{{\"job\":\"{job}\",\"retries\":3,\"lastRe");

        var next = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);
        Assert.Equal(1, next.BudgetOf(job).Retries);
        await next.ClaimAsync(job, CancellationToken.None);

        Assert.Equal(2, (await ReadAsync()).BudgetOf(job).Retries);
        Assert.All(File.ReadAllLines(JournalPath), line => JsonDocument.Parse(line).Dispose());
    }

    [Fact]
    public async Task A_compaction_cut_short_after_the_new_snapshot_leaves_a_journal_that_is_not_read_twice_nor_lost()
    {
        var job = Guid.NewGuid();
        var history = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);
        await history.ClaimAsync(job, CancellationToken.None);
        var oldJournal = File.ReadAllBytes(JournalPath);
        // The compaction's new snapshot (generation 2, the claim folded in) is in place; its journal reset is not.
        var snapshot = JsonDocument.Parse(File.ReadAllText(HistoryPath)).RootElement;
        var entry = $$"""{"retries":1,"lastRetryAt":"{{DateTimeOffset.UtcNow:O}}"}""";
        File.WriteAllText(HistoryPath, $$"""{"format":"WriterJobs.RetryHistory/2","generation":2,"compactedAt":"{{DateTimeOffset.UtcNow:O}}","jobs":{"{{job}}":{{entry}} } }""");
        File.WriteAllBytes(JournalPath, oldJournal);
        Assert.Equal(1, snapshot.GetProperty("generation").GetInt64());

        var next = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);
        await next.ClaimAsync(job, CancellationToken.None);

        Assert.Equal(2, (await ReadAsync()).BudgetOf(job).Retries);
        Assert.Contains("\"generation\":2", File.ReadLines(JournalPath).First(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_journal_is_folded_into_the_snapshot_when_a_run_opens_the_history()
    {
        var history = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);
        var jobs = Enumerable.Range(0, RetryHistory.CompactAfterLines).Select(_ => Guid.NewGuid()).ToArray();
        await Task.WhenAll(jobs.Select(job => history.ClaimAsync(job, CancellationToken.None)));

        var next = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);

        Assert.Single(File.ReadAllLines(JournalPath));
        using var saved = JsonDocument.Parse(File.ReadAllText(HistoryPath));
        Assert.Equal(jobs.Length, saved.RootElement.GetProperty("jobs").EnumerateObject().Count());
        Assert.Equal(jobs.Length, next.Count);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public async Task Jobs_retried_longer_ago_than_the_retention_are_forgotten_and_the_others_kept()
    {
        _ = WriteSnapshot(5000, DateTimeOffset.UtcNow.AddDays(-40));
        var recent = Guid.NewGuid();
        var budget = new RetryBudget(3, TimeSpan.Zero, TimeSpan.FromDays(30));
        (await RetryHistory.OpenAsync(HistoryPath, budget, CancellationToken.None)).Dispose();
        await (await RetryHistory.OpenAsync(HistoryPath, budget, CancellationToken.None)).ClaimAsync(recent, CancellationToken.None);

        var reread = await RetryHistory.OpenAsync(HistoryPath, budget, true, CancellationToken.None);

        Assert.Equal(1, reread.Count);
        Assert.Equal(1, reread.BudgetOf(recent).Retries);
    }

    [Fact]
    public async Task A_history_of_the_first_format_is_read_upgraded_and_its_unknown_fields_kept()
    {
        var job = Guid.NewGuid();
        File.WriteAllText(HistoryPath, $$"""{ "format": "WriterJobs.RetryHistory/1", "owner": "ops team", "jobs": { "{{job}}": { "retries": 2, "lastRetryAt": "{{DateTimeOffset.UtcNow.AddHours(-2):O}}" } }, "notes": { "ticket": 42 } }""");

        var history = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);

        Assert.Equal(2, history.BudgetOf(job).Retries);
        using var saved = JsonDocument.Parse(File.ReadAllText(HistoryPath));
        Assert.Equal("WriterJobs.RetryHistory/2", saved.RootElement.GetProperty("format").GetString());
        Assert.Equal("ops team", saved.RootElement.GetProperty("owner").GetString());
        Assert.Equal(42, saved.RootElement.GetProperty("notes").GetProperty("ticket").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public async Task An_empty_file_is_an_empty_history(string content)
    {
        File.WriteAllText(HistoryPath, content);

        var history = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, CancellationToken.None);
        var claim = await history.ClaimAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.True(claim.Granted);
    }

    [Fact]
    public async Task Reading_only_writes_no_file_at_all()
    {
        var history = await RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, true, CancellationToken.None);

        Assert.Equal(0, history.BudgetOf(Guid.NewGuid()).Retries);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
        await Assert.ThrowsAsync<InvalidOperationException>(() => history.ClaimAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task A_reset_gives_a_job_its_whole_budget_back()
    {
        var job = Guid.NewGuid();
        var history = await RetryHistory.OpenAsync(HistoryPath, new RetryBudget(1, TimeSpan.Zero), CancellationToken.None);
        await history.ClaimAsync(job, CancellationToken.None);
        Assert.Equal(WriterJobRetryAction.OverBudget, (await history.ClaimAsync(job, CancellationToken.None)).Outcome);

        await history.ResetAsync(job, CancellationToken.None);

        Assert.True((await history.ClaimAsync(job, CancellationToken.None)).Granted);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Task<RetryHistory> ReadAsync() => RetryHistory.OpenAsync(HistoryPath, ThreeAnyTime, true, CancellationToken.None);

    // A history as a long schedule leaves it; compacted: as if a compaction had just written it. Returns one of its jobs.
    private Guid WriteSnapshot(int jobs, DateTimeOffset at, bool compacted = false)
    {
        using var writer = new StreamWriter(HistoryPath);
        var compactedAt = compacted ? $"\"compactedAt\":\"{DateTimeOffset.UtcNow:O}\"," : string.Empty;
        writer.Write($$"""{"format":"WriterJobs.RetryHistory/2","generation":1,{{compactedAt}}"jobs":{""");
        var stamp = at.ToString("O", CultureInfo.InvariantCulture);
        var first = Guid.NewGuid();
        for (var i = 0; i < jobs; i++)
        {
            writer.Write($$"""{{(i == 0 ? string.Empty : ",")}}"{{(i == 0 ? first : Guid.NewGuid())}}":{"retries":1,"lastRetryAt":"{{stamp}}"}""");
        }

        writer.Write("}}");
        return first;
    }
}
