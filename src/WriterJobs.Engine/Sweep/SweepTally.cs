using System;
using System.Collections.Generic;
using System.Linq;

namespace WriterJobs.Sweep;

/// <summary>
/// What a sweep has done so far: the latest record of each job, the applications listed or refused, and what stopped
/// it; from that, which jobs need attention and the exit code. Kept as the run goes, so a stopped run still reports.
/// </summary>
internal sealed class SweepTally
{
    private readonly Dictionary<Guid, int> positions = new();
    private readonly List<WriterJobRetryResult> records = new();
    private readonly List<string> applications = new();
    private readonly List<string> applicationErrors = new();
    private readonly List<string> problems = new();

    /// <param name="waited">With -Wait a retry is fine only once it completed; without, once it was accepted.</param>
    public SweepTally(bool waited)
    {
        Waited = waited;
    }

    public bool Waited { get; }

    /// <summary>Each job's latest record, in the order the jobs were first recorded.</summary>
    public IReadOnlyList<WriterJobRetryResult> Records => records;

    /// <summary>Why the run ended before its end, when it did: no key, the API out of reach, Ctrl+C.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Whether a retry may have left: one accepted, or one that failed (its POST may have been sent).</summary>
    public bool AnythingSent => records.Any(r => r.ActionValue is WriterJobRetryAction.Retried or WriterJobRetryAction.Failed);

    public void Add(WriterJobRetryResult record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        if (positions.TryGetValue(record.Id, out var position))
        {
            records[position] = record;
            return;
        }

        positions[record.Id] = records.Count;
        records.Add(record);
    }

    public bool Has(Guid jobId) => positions.ContainsKey(jobId);

    public void Listed(string applicationId) => applications.Add(applicationId);

    public void Refused(string applicationId)
    {
        applications.Add(applicationId);
        applicationErrors.Add(applicationId);
    }

    /// <summary>Something that needs a person but stopped nothing, such as a report that could not be written.</summary>
    public void Problem(string what) => problems.Add(what);

    /// <summary>The first reason counts: what follows a stop is its consequence.</summary>
    public void Stop(string reason) => StopReason ??= reason;

    public bool NeedsAttention(WriterJobRetryResult record) => record?.ActionValue switch
    {
        WriterJobRetryAction.Retried => Waited && record.StatusValue != WriterJobStatus.completed,
        WriterJobRetryAction.Failed or WriterJobRetryAction.OverBudget or WriterJobRetryAction.NotSent => true,
        _ => false,
    };

    /// <summary>
    /// The record of a job listed but never decided because the run stopped: NotSent when it was never started; Failed
    /// when it was in flight, since its retry may have left (the retry history says whether it did).
    /// </summary>
    public static WriterJobRetryResult Undecided(WriterJob job, bool inFlight, string? stopReason, DateTimeOffset time)
    {
        if (job is null)
        {
            throw new ArgumentNullException(nameof(job));
        }

        var why = stopReason ?? "the run ended";
        return inFlight
            ? new WriterJobRetryResult(job.Id, job.ApplicationId, job.State, WriterJobRetryAction.Failed, job.State, time, $"The run stopped while this job's retry was under way ({why}); whether it was sent, the retry history says.")
            : new WriterJobRetryResult(job.Id, job.ApplicationId, job.State, WriterJobRetryAction.NotSent, job.State, time, $"Not sent: the run stopped before this job was decided ({why}).");
    }

    public WriterJobSweepSummary Summarize(DateTimeOffset started, DateTimeOffset ended)
    {
        var attention = records.Count(NeedsAttention);
        var nothingListed = applications.Count > 0 && applicationErrors.Count == applications.Count;
        var outcome = !AnythingSent && (StopReason is not null || nothingListed) ? WriterJobSweepOutcome.CouldNotRun
            : attention > 0 || applicationErrors.Count > 0 || problems.Count > 0 || StopReason is not null ? WriterJobSweepOutcome.NeedsAttention
            : WriterJobSweepOutcome.AllGood;
        var actions = records.GroupBy(r => r.ActionValue).ToDictionary(g => g.Key, g => g.Count());
        var counts = string.Join(", ", actions.OrderBy(a => a.Key).Select(a => $"{a.Value} {a.Key}"));
        var message = $"{applications.Count - applicationErrors.Count} of {applications.Count} application(s) listed, {records.Count} failed job(s)"
            + (counts.Length > 0 ? $": {counts}" : string.Empty) + $"; {attention} need attention"
            + string.Concat(problems.Select(problem => $"; {problem}"))
            + (StopReason is null ? "." : $"; stopped: {StopReason}");
        return new WriterJobSweepSummary(applications.ToList(), applicationErrors.ToList(), actions, attention, outcome, started, ended, message);
    }
}
