using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Retry.History;

namespace WriterJobs.Tests.Retry;

/// <summary>Paths that cannot hold a history each get one clear error at open, before anything is sent; a link is followed.</summary>
public sealed class RetryHistoryPathTests : IDisposable
{
    private static readonly RetryBudget Budget = new(3, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("writerjobs-paths-").FullName;

    private string HistoryPath => Path.Combine(folder, "retries.json");

    [Fact]
    public async Task A_folder_is_refused_with_a_file_path_to_give_instead()
    {
        Directory.CreateDirectory(HistoryPath);

        var refused = await RefusedAsync(HistoryPath);

        Assert.Contains("is a folder, not a file", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dangling_symbolic_link_is_refused_and_left_as_it_is()
    {
        File.CreateSymbolicLink(HistoryPath, Path.Combine(folder, "gone.json"));

        var refused = await RefusedAsync(HistoryPath);

        Assert.Contains("which does not exist", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(new FileInfo(HistoryPath).LinkTarget);
        Assert.False(File.Exists(Path.Combine(folder, "gone.json")));
    }

    [Fact]
    public async Task A_symbolic_link_is_followed_and_its_target_written_so_the_link_stays_a_link()
    {
        var target = Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "real")).FullName, "history.json");
        File.WriteAllText(target, string.Empty);
        File.CreateSymbolicLink(HistoryPath, target);
        var job = Guid.NewGuid();

        await (await RetryHistory.OpenAsync(HistoryPath, Budget, CancellationToken.None)).ClaimAsync(job, CancellationToken.None);

        Assert.Equal(target, new FileInfo(HistoryPath).LinkTarget);
        Assert.Contains("WriterJobs.RetryHistory/2", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.True(File.Exists(target + ".journal"));
        Assert.Equal(1, (await RetryHistory.OpenAsync(HistoryPath, Budget, true, CancellationToken.None)).BudgetOf(job).Retries);
    }

    [Fact]
    public async Task A_read_only_file_is_refused_not_rewritten()
    {
        File.WriteAllText(HistoryPath, string.Empty);
        File.SetAttributes(HistoryPath, FileAttributes.ReadOnly);

        var refused = await RefusedAsync(HistoryPath);

        Assert.Contains("is read-only", refused.Message, StringComparison.Ordinal);
        Assert.Equal(FileAttributes.ReadOnly, File.GetAttributes(HistoryPath) & FileAttributes.ReadOnly);
        Assert.False(File.Exists(HistoryPath + ".journal"));
    }

    [Fact]
    public async Task A_fifo_is_refused_at_once_instead_of_hanging()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using (var mkfifo = Process.Start("mkfifo", HistoryPath))
        {
            await mkfifo.WaitForExitAsync();
        }

        var refused = await RefusedAsync(HistoryPath).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("not a regular file", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_where_nothing_can_be_written_is_refused_at_open()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // /proc refuses new files even to root, where a folder's permissions would not.
        var refused = await RefusedAsync("/proc/writerjobs-history.json");

        Assert.Contains("cannot be made", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_refused()
    {
        var refused = await RefusedAsync(Path.Combine(folder, "no-such-folder", "retries.json"));

        Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (File.Exists(HistoryPath))
        {
            File.SetAttributes(HistoryPath, FileAttributes.Normal);
        }

        Directory.Delete(folder, recursive: true);
    }

    private static async Task<WriterApiException> RefusedAsync(string path)
    {
        var refused = await Assert.ThrowsAsync<WriterApiException>(() => RetryHistory.OpenAsync(path, Budget, CancellationToken.None));
        Assert.Equal(WriterErrorKind.RetryHistoryInvalid, refused.Kind);
        Assert.True(refused.StopsTheCommand);
        return refused;
    }
}
