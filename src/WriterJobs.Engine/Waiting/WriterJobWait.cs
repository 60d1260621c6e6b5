using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs;

/// <summary>
/// One wait on a set of jobs, advanced a polling round per call, so the command can report progress on its own thread
/// between rounds. Over when every job is done (or, in any-mode, one is), or at the timeout, which leaves the jobs running.
/// </summary>
public sealed class WriterJobWait
{
    private readonly WriterJobsClient client;
    private readonly IWriterLog log;
    private readonly WriterJobWaitOptions options;
    private readonly TimeProvider clock;
    private readonly WriterJob[] latest;
    private readonly bool[] left;
    private readonly List<WriterJob> finished = new();
    private readonly List<WriterJobWaitFailure> failures = new();
    private readonly DateTimeOffset? deadline;
    private TimeSpan interval;

    internal WriterJobWait(WriterJobsClient client, IWriterLog log, WriterJobWaitOptions options, TimeProvider clock, IReadOnlyList<WriterJob> jobs, bool any)
    {
        this.client = client;
        this.log = log;
        this.options = options;
        this.clock = clock;
        Any = any;
        latest = jobs.ToArray();
        left = new bool[latest.Length];
        deadline = options.Timeout is { } timeout ? clock.GetUtcNow() + timeout : null;
        interval = options.PollInterval;
        finished.AddRange(latest.Where(job => job.Status != WriterJobStatus.in_progress));
    }

    public bool Any { get; }

    /// <summary>Every job as last read, in the order given; still in_progress ones after a timeout.</summary>
    public IReadOnlyList<WriterJob> Jobs => latest;

    /// <summary>The jobs that left in_progress, in the order they were seen to.</summary>
    public IReadOnlyList<WriterJob> Finished => finished;

    /// <summary>Jobs that could not be polled, with the reason.</summary>
    public IReadOnlyList<WriterJobWaitFailure> Failures => failures;

    /// <summary>The jobs still in progress (none once every job is done).</summary>
    public IEnumerable<WriterJob> StillRunning => latest.Where((job, i) => !left[i] && job.Status == WriterJobStatus.in_progress);

    public int Total => latest.Length;

    /// <summary>Jobs done with: finished or failed to poll.</summary>
    public int Done => finished.Count + failures.Count;

    public bool TimedOut { get; private set; }

    public bool IsOver => TimedOut || Done == Total || (Any && finished.Count > 0);

    /// <summary>Pauses (never past the deadline), then reads every job still in progress, at once.</summary>
    public async Task NextRoundAsync(CancellationToken cancellationToken = default)
    {
        if (IsOver)
        {
            return;
        }

        var pause = interval;
        if (deadline is { } end)
        {
            var remaining = end - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                GiveUp();
                return;
            }

            pause = remaining < pause ? remaining : pause;
        }

        await clock.Delay(pause, cancellationToken).ConfigureAwait(false);
        interval = options.NextInterval(interval);
        var polled = Enumerable.Range(0, latest.Length)
            .Where(i => !left[i] && latest[i].Status == WriterJobStatus.in_progress)
            .Select(i => PollAsync(i, cancellationToken))
            .ToList();
        await Task.WhenAll(polled).ConfigureAwait(false);
        if (!IsOver && deadline is { } due && clock.GetUtcNow() >= due)
        {
            GiveUp();
        }
    }

    /// <summary>Polls round after round until the wait is over.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        while (!IsOver)
        {
            await NextRoundAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PollAsync(int index, CancellationToken cancellationToken)
    {
        var id = latest[index].Id;
        try
        {
            var job = await client.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            latest[index] = job;
            if (job.Status != WriterJobStatus.in_progress)
            {
                log.Verbose($"Job {id} is {job.StatusText}.");
                lock (finished)
                {
                    finished.Add(job);
                }
            }
        }
        catch (WriterApiException error) when (!error.StopsTheCommand)
        {
            left[index] = true;
            lock (finished)
            {
                failures.Add(new WriterJobWaitFailure(id, error));
            }
        }
    }

    private void GiveUp()
    {
        TimedOut = true;
        var running = StillRunning.Select(job => job.Id.ToString()).ToList();
        var named = running.Count <= 3 ? string.Join(", ", running) : $"{string.Join(", ", running.Take(3))} and {running.Count - 3} more";
        log.Warning($"Timed out after {options.Timeout} with {running.Count} job(s) still in progress ({named}); they go on running, nothing was cancelled.");
    }
}
