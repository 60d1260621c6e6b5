using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using WriterJobs.Output;
using WriterJobs.Running;
using WriterJobs.Waiting;

namespace WriterJobs.Sweeping;

/// <summary>
/// The sweep's -Wait: one wait over every accepted retry, round by round on the pipeline thread, each job's outcome
/// journaled in the round that saw it, so a run killed during the wait keeps the outcomes it already knew.
/// </summary>
internal static class SweepWait
{
    /// <param name="stop">Takes an error that stops every request (the key refused, the API gone); the wait ends with it.</param>
    public static void Run(
        WriterJobWaiter waiter,
        ItemPipeline<WriterJobRequest, WriterJobRetryResult> items,
        SweepJournal journal,
        IReadOnlyList<WriterJobRetryResult> accepted,
        Action<ErrorRecord> stop,
        CancellationToken cancellation)
    {
        journal.Event($"waiting for {accepted.Count} retried job(s), at most {waiter.Options.Timeout}");
        var wait = waiter.Start(accepted.Select(result => result.Id).ToList());
        var logged = new HashSet<Guid>();
        try
        {
            while (!wait.IsOver)
            {
                items.WaitFor(wait.NextRoundAsync(cancellation));
                Journal(wait, accepted, logged, journal, all: false);
            }
        }
        catch (WriterApiException stopping)
        {
            stop(ErrorMapping.ToErrorRecord(stopping, null));
        }

        Journal(wait, accepted, logged, journal, all: true);
    }

    // Each job's outcome when a round saw it; at the end, the rest as the wait left them (still running at -Timeout).
    private static void Journal(WriterJobWait wait, IReadOnlyList<WriterJobRetryResult> accepted, HashSet<Guid> logged, SweepJournal journal, bool all)
    {
        foreach (var result in accepted)
        {
            var job = wait.LatestOf(result.Id);
            if ((all || wait.FailureOf(result.Id) is not null || job is { Status: not nameof(WriterJobStatus.in_progress) }) && logged.Add(result.Id))
            {
                var outcome = wait.OutcomeOf(result, DateTimeOffset.UtcNow);
                journal.Record(outcome);
                journal.Output(outcome);
            }
        }
    }
}
