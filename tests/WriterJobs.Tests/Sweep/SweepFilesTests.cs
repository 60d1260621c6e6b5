using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using WriterJobs.Sweep;

namespace WriterJobs.Tests.Sweep;

/// <summary>The sweep's files: the log appended line by line by runs at once, the report in words, CSV or JSON.</summary>
public sealed class SweepFilesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("writerjobs-sweep-").FullName;

    [Fact]
    public void A_record_line_carries_its_own_time_and_words_on_one_line()
    {
        var id = Guid.NewGuid();
        var record = new WriterJobRetryResult(id, "app-1", WriterJobStatus.failed, WriterJobRetryAction.TooSoon, WriterJobStatus.failed, Now, "Said \"later\"\nplease");

        Assert.Equal($"2026-12-01T10:00:00.000Z job={id} app=app-1 action=TooSoon previous=failed status=failed message=\"Said 'later' please\"", SweepLogLine.ForRecord(record));
    }

    [Fact]
    public async Task Two_writers_append_whole_lines_and_lose_none()
    {
        var path = Path.Combine(folder, "sweep.log");
        File.WriteAllText(path, "an earlier run\n");
        using var first = SweepLogFile.Open(path);
        using var second = SweepLogFile.Open(path);

        await Task.WhenAll(
            Task.Run(() => Enumerable.Range(0, 500).ToList().ForEach(i => first.Append($"first {i} " + new string('x', 100)))),
            Task.Run(() => Enumerable.Range(0, 500).ToList().ForEach(i => second.Append($"second {i} " + new string('y', 100)))));

        var lines = File.ReadAllLines(path);
        Assert.Equal(1001, lines.Length);
        Assert.Equal("an earlier run", lines[0]);
        Assert.All(lines.Skip(1), line => Assert.Matches(@"^(first \d+ x{100}|second \d+ y{100})$", line));
    }

    [Fact]
    public void A_log_path_that_is_a_folder_or_in_no_folder_is_refused_at_once()
    {
        Assert.Throws<IOException>(() => SweepLogFile.Open(folder));
        Assert.Throws<IOException>(() => SweepLogFile.Open(Path.Combine(folder, "missing", "sweep.log")));
    }

    [Fact]
    public void The_report_is_words_in_CSV_or_JSON_and_leaves_no_temporary_file()
    {
        var id = Guid.NewGuid();
        var records = new[] { new WriterJobRetryResult(id, "app-1", WriterJobStatus.failed, WriterJobRetryAction.Retried, WriterJobStatus.in_progress, Now, "Retry \"accepted\".") };
        var csv = Path.Combine(folder, "report.csv");
        var json = Path.Combine(folder, "report.json");

        SweepReport.Write(csv, records);
        SweepReport.Write(json, records);
        SweepReport.Write(json, records);

        Assert.Equal(
            ["\"Id\",\"ApplicationId\",\"PreviousStatus\",\"Action\",\"Status\",\"Time\",\"Message\"", $"\"{id}\",\"app-1\",\"failed\",\"Retried\",\"in_progress\",\"2026-12-01T10:00:00.0000000+00:00\",\"Retry \"\"accepted\"\".\""],
            File.ReadAllLines(csv));
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var row = Assert.Single(document.RootElement.EnumerateArray().ToList());
        Assert.Equal("Retried", row.GetProperty("Action").GetString());
        Assert.Equal("failed", row.GetProperty("PreviousStatus").GetString());
        Assert.Equal(["report.csv", "report.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
