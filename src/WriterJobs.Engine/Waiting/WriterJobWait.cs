using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Http;

namespace WriterJobs.Waiting;

/// <summary>
/// One wait on a set of jobs, the only wait model: Wait-WriterJob and Invoke-WriterJobRetry -Wait both start one when
/// their input ends. It is advanced a polling round per call, so the command reports progress on its own thread between
/// rounds; a round reads every job still in progress, at most <see cref="WriterJobWaitOptions.MaxInFlight"/> at once.
/// Over when every job is done (or, in any-mode, one is), or at the timeout, which leaves the jobs running.
/// </summary>
internal sealed class WriterJobWait
{
    private const string StillInProgress = "Retry accepted; still in progress when the wait timed out (the job goes on).";

    private readonly WriterJobsClient client;
    private readonly IWriterLog log;
    private readonly WriterJobWaitOptions options;
    private readonly TimeProvider clock;
    private readonly Guid[] ids;
    private readonly Dictionary<Guid, int> indexOf;

    // Null while a job was never read (one just retried); such a job counts as in progress.
    private readonly WriterJob?[] latest;
    private readonly bool[] left;
    private readonly List<WriterJob> finished = new();
    private readonly List<WriterJobWaitFailure> failures = new();
    private readonly DateTimeOffset? deadline;
    private TimeSpan interval;

    internal WriterJobWait(WriterJobsClient client, IWriterLog log, WriterJobWaitOptions options, TimeProvider clock, IReadOnlyList<Guid> ids, IReadOnlyList<WriterJob?> latest, bool any)
    {
        this.client = client;
        this.log = log;
        this.options = options;
        this.clock = clock;
        Any = any;
        this.ids = ids.ToArray();
        this.latest = latest.ToArray();
        indexOf = new Dictionary<Guid, int>(this.ids.Length);
        for (var i = 0; i < this.ids.Length; i++)
        {
            // An ID given twice is followed once per place, and LatestOf answers for its last.
            indexOf[this.ids[i]] = i;
        }
        left = new bool[this.ids.Length];
        deadline = options.Timeout is { } timeout ? clock.GetUtcNow() + timeout : null;
        interval = options.PollInterval;
        finished.AddRange(this.latest.Where(job => job is not null && job.State != WriterJobStatus.in_progress)!);
    }

    public bool Any { get; }

    /// <summary>Every job as last read, in the order given; those never read are left out.</summary>
    public IEnumerable<WriterJob> Jobs => latest.Where(job => job is not null)!;

    /// <summary>The jobs that left in_progress, in the order they were seen to.</summary>
    public IReadOnlyList<WriterJob> Finished => finished;

    /// <summary>Jobs that could not be polled, with the reason.</summary>
    internal IReadOnlyList<WriterJobWaitFailure> Failures => failures;

    /// <summary>The IDs of the jobs still in progress (none once every job is done).</summary>
    public IEnumerable<Guid> StillRunning => Enumerable.Range(0, ids.Length).Where(IsRunning).Select(i => ids[i]);

    public int Total => ids.Length;

    /// <summary>Jobs done with: finished or failed to poll.</summary>
    public int Done => finished.Count + failures.Count;

    public bool TimedOut { get; private set; }

    public bool IsOver => TimedOut || Done == Total || (Any && finished.Count > 0);

    /// <summary>Why the job could not be polled, or null when it could.</summary>
    internal WriterJobWaitFailure? FailureOf(Guid id) => failures.Find(failure => failure.Id == id);

    /// <summary>The job as last read, or null when it never was.</summary>
    public WriterJob? LatestOf(Guid id) => indexOf.TryGetValue(id, out var index) ? latest[index] : null;

    /// <summary>
    /// The record of an accepted retry once this wait ended: its final status, still in progress after a timeout, or the
    /// outcome unknown when the job could not be read. It stays Retried in every case, since the retry took effect.
    /// </summary>
    public WriterJobRetryResult OutcomeOf(WriterJobRetryResult accepted, DateTimeOffset time)
    {
        if (accepted is null)
        {
            throw new ArgumentNullException(nameof(accepted));
        }

        var id = accepted.Id;
        if (FailureOf(id) is { } failure)
        {
            return new(id, accepted.ApplicationId, accepted.PreviousStatusValue, accepted.ActionValue, accepted.StatusValue, time, $"Retry accepted; the outcome could not be read: {failure.Error.Message}");
        }

        // Null when the wait timed out before the job was read.
        var job = LatestOf(id);
        var message = job?.State switch
        {
            null or WriterJobStatus.in_progress => StillInProgress,
            WriterJobStatus.completed => "Retried; completed.",
            WriterJobStatus.failed => $"Retried; failed again: {job.Error ?? "no reason given"}",
            _ => $"Retried; now {job.StatusText}.",
        };
        return new(id, accepted.ApplicationId ?? job?.ApplicationId, accepted.PreviousStatusValue, accepted.ActionValue, job?.State ?? accepted.StatusValue, time, message);
    }

    /// <summary>Pauses (never past the deadline), then reads every job still in progress.</summary>
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
        using (var slots = new SemaphoreSlim(options.MaxInFlight))
        {
            await Task.WhenAll(Enumerable.Range(0, ids.Length).Where(IsRunning).Select(i => PollAsync(i, slots, cancellationToken)).ToList()).ConfigureAwait(false);
        }

        if (!IsOver && deadline is { } due && clock.GetUtcNow() >= due)
        {
            GiveUp();
        }
    }

    private bool IsRunning(int index) => !left[index] && latest[index]?.State is null or WriterJobStatus.in_progress;

    private async Task PollAsync(int index, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var id = ids[index];
        try
        {
            var job = await client.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            latest[index] = job;
            if (job.State != WriterJobStatus.in_progress)
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
        finally
        {
            slots.Release();
        }
    }

    private void GiveUp()
    {
        TimedOut = true;
        var running = StillRunning.Select(id => id.ToString()).ToList();
        var named = running.Count <= 3 ? string.Join(", ", running) : $"{string.Join(", ", running.Take(3))} and {running.Count - 3} more";
        log.Warning($"Timed out after {options.Timeout} with {running.Count} job(s) still in progress ({named}); they go on running, nothing was cancelled.");
    }
}
