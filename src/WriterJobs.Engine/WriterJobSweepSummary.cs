using System;
using System.Collections.Generic;

namespace WriterJobs;

/// <summary>The last object a sweep writes: what it did in counts, and the exit code a scheduler gets.</summary>
public sealed class WriterJobSweepSummary
{
    public WriterJobSweepSummary(
        IReadOnlyList<string> applications,
        IReadOnlyList<string> applicationErrors,
        IReadOnlyDictionary<WriterJobRetryAction, int> actions,
        int needAttention,
        WriterJobSweepOutcome outcome,
        DateTimeOffset started,
        DateTimeOffset ended,
        string message)
    {
        Applications = applications ?? throw new ArgumentNullException(nameof(applications));
        ApplicationErrors = applicationErrors ?? throw new ArgumentNullException(nameof(applicationErrors));
        if (actions is null)
        {
            throw new ArgumentNullException(nameof(actions));
        }

        int Count(WriterJobRetryAction action) => actions.TryGetValue(action, out var count) ? count : 0;
        foreach (var count in actions.Values)
        {
            Jobs += count;
        }

        Retried = Count(WriterJobRetryAction.Retried);
        WhatIf = Count(WriterJobRetryAction.WhatIf);
        Skipped = Count(WriterJobRetryAction.Skipped);
        TooSoon = Count(WriterJobRetryAction.TooSoon);
        RetriedByAnotherRun = Count(WriterJobRetryAction.RetriedByAnotherRun);
        OverBudget = Count(WriterJobRetryAction.OverBudget);
        TooOld = Count(WriterJobRetryAction.TooOld);
        LimitReached = Count(WriterJobRetryAction.LimitReached);
        Failed = Count(WriterJobRetryAction.Failed);
        NotSent = Count(WriterJobRetryAction.NotSent);
        NeedAttention = needAttention;
        Outcome = outcome;
        Started = started;
        Ended = ended;
        Message = message;
    }

    /// <summary>The applications swept, as given (a * expanded).</summary>
    public IReadOnlyList<string> Applications { get; }

    /// <summary>The applications that could not be listed (unknown, refused); the others were swept.</summary>
    public IReadOnlyList<string> ApplicationErrors { get; }

    /// <summary>The failed jobs found, one record each.</summary>
    public int Jobs { get; }

    public int Retried { get; }

    public int WhatIf { get; }

    public int Skipped { get; }

    public int TooSoon { get; }

    public int RetriedByAnotherRun { get; }

    public int OverBudget { get; }

    public int TooOld { get; }

    public int LimitReached { get; }

    public int Failed { get; }

    public int NotSent { get; }

    /// <summary>The jobs a person should look at: failed again or still running after -Wait, over budget, an error, not decided.</summary>
    public int NeedAttention { get; }

    public WriterJobSweepOutcome Outcome { get; }

    /// <summary>0 all good, 1 jobs need attention, 2 could not run.</summary>
    public int ExitCode => (int)Outcome;

    public DateTimeOffset Started { get; }

    public DateTimeOffset Ended { get; }

    public string Message { get; }

    public override string ToString() => $"{Outcome} (exit code {ExitCode}): {Message}";
}
