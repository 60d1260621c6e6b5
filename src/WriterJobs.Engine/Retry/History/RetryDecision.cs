using System;
using System.Globalization;

namespace WriterJobs.Retry.History;

/// <summary>The budget's rules, as one pure function of a job's entry, the claim and the time; the history applies it
/// under its lock, and -WhatIf to what it reads.</summary>
internal static class RetryDecision
{
    /// <summary>The entry as the budget sees it: null when there is none, or when it is older than the retention.</summary>
    public static RetryHistoryEntry? Live(RetryHistoryEntry? entry, DateTimeOffset now, RetryBudget budget) =>
        entry is not null && now - entry.LastRetryAt <= budget.Retention ? entry : null;

    public static RetryClaim Decide(RetryHistoryEntry? stored, RetryClaimRequest request, DateTimeOffset now, RetryBudget budget)
    {
        var entry = Live(stored, now, budget);
        var id = request.JobId;
        if (!request.Force && request.ResendOf is { } earlier)
        {
            // Only while this run's claim is still the last one: a later claim of another run settles the failure.
            if (entry is not null && !entry.SameAs(earlier.After))
            {
                return RetryClaim.Refuse(id, WriterJobRetryAction.RetriedByAnotherRun, $"Job {id} was claimed by another run at {Stamp(entry.LastRetryAt)} while this run waited for its answer.", now);
            }

            if (entry is not null && entry.Retries >= budget.MaxRetries)
            {
                return OverBudget(id, entry, now);
            }
        }
        else if (!request.Force && entry is not null)
        {
            if (request.Failure is { } failure && entry.Failure == failure && now - entry.LastRetryAt < RetryBudget.AnotherRunWindow)
            {
                return RetryClaim.Refuse(id, WriterJobRetryAction.RetriedByAnotherRun,
                    $"Job {id}'s failure of {Stamp(failure)} was claimed by another run at {Stamp(entry.LastRetryAt)}.", now);
            }

            if (entry.Retries >= budget.MaxRetries)
            {
                return OverBudget(id, entry, now);
            }

            if (now - entry.LastRetryAt < budget.MinInterval)
            {
                return RetryClaim.Refuse(id, WriterJobRetryAction.TooSoon,
                    $"Job {id} was last retried at {Stamp(entry.LastRetryAt)}, less than {budget.MinInterval} ago; a later run may retry it from {Stamp(entry.LastRetryAt + budget.MinInterval)}.", now);
            }
        }

        var after = new RetryHistoryEntry { Retries = (entry?.Retries ?? 0) + 1, LastRetryAt = now, Failure = request.Failure };
        return RetryClaim.Grant(id, entry, after, now);
    }

    public static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static RetryClaim OverBudget(Guid id, RetryHistoryEntry entry, DateTimeOffset now) =>
        RetryClaim.Refuse(id, WriterJobRetryAction.OverBudget,
            $"Job {id} was retried {entry.Retries} time(s) already, the most its retry budget allows; last at {Stamp(entry.LastRetryAt)}.", now);
}
