using System;
using WriterJobs.Retry.History;

namespace WriterJobs;

/// <summary>One job's retry budget in a retry history, as Get-WriterJobRetryBudget shows it.</summary>
public sealed class WriterJobRetryBudget
{
    private WriterJobRetryBudget(Guid id, int retries, int maxRetries, DateTimeOffset? lastRetryAt, DateTimeOffset? nextRetryAt, DateTimeOffset? failureUpdatedAt, DateTimeOffset? forgetAt, string historyPath)
    {
        Id = id;
        Retries = retries;
        MaxRetries = maxRetries;
        LastRetryAt = lastRetryAt;
        NextRetryAt = nextRetryAt;
        FailureUpdatedAt = failureUpdatedAt;
        ForgetAt = forgetAt;
        HistoryPath = historyPath;
    }

    public Guid Id { get; }

    /// <summary>Retries sent, or that may have been (a claim whose answer was lost counts).</summary>
    public int Retries { get; }

    public int MaxRetries { get; }

    public int RetriesLeft => Math.Max(0, MaxRetries - Retries);

    public DateTimeOffset? LastRetryAt { get; }

    /// <summary>The earliest time the next retry may go out (the least interval after the last); empty when the budget
    /// is used up, or when one may go out now.</summary>
    public DateTimeOffset? NextRetryAt { get; }

    /// <summary>The job's update time when it was read as failed before its last retry: the failure that retry was for.</summary>
    public DateTimeOffset? FailureUpdatedAt { get; }

    /// <summary>When the history forgets the job (the retention after its last retry), and its whole budget is back.</summary>
    public DateTimeOffset? ForgetAt { get; }

    public string HistoryPath { get; }

    internal static WriterJobRetryBudget From(Guid id, RetryHistoryEntry? entry, RetryBudget budget, string historyPath)
    {
        if (entry is null)
        {
            return new(id, 0, budget.MaxRetries, null, null, null, null, historyPath);
        }

        var next = entry.Retries >= budget.MaxRetries || budget.MinInterval == TimeSpan.Zero ? (DateTimeOffset?)null : entry.LastRetryAt + budget.MinInterval;
        return new(id, entry.Retries, budget.MaxRetries, entry.LastRetryAt, next, entry.Failure, entry.LastRetryAt + budget.Retention, historyPath);
    }

    public override string ToString() => $"{Id} {Retries}/{MaxRetries}";
}
