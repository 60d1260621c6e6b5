using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using WriterJobs.Connection;
using WriterJobs.Session;

namespace WriterJobs.Binding;

/// <summary>
/// The workspace's applications for tab completion, kept per connection for a minute. A stale list is refreshed with
/// one request of one attempt, at most <see cref="RequestBudget"/> long, so the prompt never waits for more; when it
/// fails, completion offers what it had before and says nothing.
/// </summary>
internal static class ApplicationNames
{
    /// <summary>How long a list is offered before it is read again.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(60);

    /// <summary>How long the prompt may wait for the one request.</summary>
    public static readonly TimeSpan RequestBudget = TimeSpan.FromSeconds(3);

    // After a failed read, the next Tab tries again only this much later, so a dead API is not asked on every key.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    private static readonly ConditionalWeakTable<WriterConnection, Entry> Entries = new();

    /// <summary>The applications of this session's connection: as cached while fresh, else the first page (up to 100) read now.</summary>
    public static IReadOnlyList<WriterApplication> Current()
    {
        WriterConnection connection;
        try
        {
            connection = ConnectionStore.Current();
        }
        catch (WriterApiException)
        {
            // No key yet: nothing to offer, and completion never shows an error.
            return Array.Empty<WriterApplication>();
        }

        var entry = Entries.GetValue(connection, _ => new Entry());
        lock (entry)
        {
            var now = DateTimeOffset.UtcNow;
            if (now - entry.TriedAt < (entry.Failed ? RetryAfterFailure : FreshFor))
            {
                return entry.Applications;
            }

            entry.TriedAt = now;
            try
            {
                using var budget = new CancellationTokenSource(RequestBudget);
                var page = connection.CreateSingleAttemptClient().GetApplicationPageAsync(cancellationToken: budget.Token).GetAwaiter().GetResult();
                entry.Applications = page.Applications;
                entry.Failed = false;
            }
            catch (Exception failure) when (failure is WriterApiException or OperationCanceledException)
            {
                entry.Failed = true;
            }

            return entry.Applications;
        }
    }

    /// <summary>Remembers applications a command was shown, so completion offers them without a request.</summary>
    public static void Remember(WriterConnection connection, IReadOnlyList<WriterApplication> applications)
    {
        var entry = Entries.GetValue(connection, _ => new Entry());
        lock (entry)
        {
            entry.Applications = applications.ToList();
            entry.TriedAt = DateTimeOffset.UtcNow;
            entry.Failed = false;
        }
    }

    private sealed class Entry
    {
        public IReadOnlyList<WriterApplication> Applications { get; set; } = Array.Empty<WriterApplication>();

        public DateTimeOffset TriedAt { get; set; } = DateTimeOffset.MinValue;

        public bool Failed { get; set; }
    }
}
