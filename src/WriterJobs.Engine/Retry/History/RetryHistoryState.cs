using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace WriterJobs.Retry.History;

/// <summary>
/// What one run knows of a history: the snapshot plus the journal lines it has read, and where it stopped reading.
/// Before each batch (under the lock) it catches up with what other runs appended since: only the new lines, unless a
/// compaction replaced the files, then all again. Lines of a journal older than the snapshot are already in it.
/// </summary>
internal sealed class RetryHistoryState
{
    private readonly string path;
    private readonly string given;
    private readonly object gate = new();
    private Dictionary<Guid, RetryHistoryEntry> jobs = new();
    private (long, DateTime) snapshotVersion;

    public RetryHistoryState(string path, string given)
    {
        this.path = path;
        this.given = given;
    }

    public RetryHistoryFile Snapshot { get; private set; } = RetrySnapshot.Empty();

    /// <summary>The generation the journal's lines follow; null while they are stale (or there is no journal yet).</summary>
    public long? JournalGeneration { get; private set; }

    /// <summary>Just past the last journal line read; appends go here.</summary>
    public long JournalEnd { get; private set; }

    /// <summary>Journal lines applied since the snapshot: what a compaction would fold in.</summary>
    public long JournalLines { get; private set; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return jobs.Count;
            }
        }
    }

    public RetryHistoryEntry? Get(Guid job)
    {
        lock (gate)
        {
            return jobs.TryGetValue(job, out var entry) ? entry : null;
        }
    }

    public List<KeyValuePair<Guid, RetryHistoryEntry>> All()
    {
        lock (gate)
        {
            return jobs.ToList();
        }
    }

    public void Set(Guid job, RetryHistoryEntry? entry)
    {
        lock (gate)
        {
            if (entry is null)
            {
                jobs.Remove(job);
            }
            else
            {
                jobs[job] = entry;
            }
        }
    }

    /// <summary>Reads everything afresh; without the lock (at open, for -WhatIf) it reads again while a compaction moves
    /// the files under it.</summary>
    public void Load(FileStream? journal)
    {
        for (var attempt = 0; ; attempt++)
        {
            var version = Version();
            var snapshot = RetrySnapshot.Read(path, given);
            var generation = journal is null ? null : RetryJournal.Generation(journal, given);
            if (generation > snapshot.Generation && attempt < 3)
            {
                // A compaction renamed a newer snapshot in after this one was read.
                continue;
            }

            var fresh = snapshot.Jobs!.ToDictionary(pair => Guid.ParseExact(pair.Key, "D"), pair => pair.Value);
            var end = 0L;
            var lines = 0L;
            if (journal is not null && generation >= snapshot.Generation)
            {
                (var read, end) = RetryJournal.ReadFrom(journal, 0, given);
                Apply(fresh, read);
                lines = read.Count;
            }

            lock (gate)
            {
                jobs = fresh;
            }

            Snapshot = snapshot;
            snapshotVersion = version;
            JournalGeneration = generation >= snapshot.Generation ? generation : null;
            JournalEnd = end;
            JournalLines = lines;
            return;
        }
    }

    /// <summary>Under the lock: catches up with the journal, or reloads all when a compaction replaced the files.</summary>
    public void CatchUp(FileStream journal)
    {
        var generation = RetryJournal.Generation(journal, given);
        if (Version() != snapshotVersion || generation != JournalGeneration || journal.Length < JournalEnd)
        {
            Load(journal);
            return;
        }

        if (generation is null)
        {
            return;
        }

        var (read, end) = RetryJournal.ReadFrom(journal, JournalEnd, given);
        lock (gate)
        {
            Apply(jobs, read);
        }

        JournalEnd = end;
        JournalLines += read.Count;
    }

    /// <summary>Under the lock: appends, first making the journal follow the snapshot when it is new or stale.</summary>
    public void Append(FileStream journal, IReadOnlyList<RetryJournalLine> lines)
    {
        if (JournalGeneration is null)
        {
            JournalEnd = RetryJournal.Reset(journal, Snapshot.Generation);
            JournalGeneration = Snapshot.Generation;
        }

        JournalEnd = RetryJournal.Append(journal, JournalEnd, lines);
        JournalLines += lines.Count;
    }

    /// <summary>Under the lock: folds the journal into a new snapshot, leaving out jobs older than the retention.</summary>
    public int Compact(FileStream journal, Func<RetryHistoryEntry, bool> keep)
    {
        var kept = All().Where(pair => keep(pair.Value)).ToList();
        var generation = Math.Max(Snapshot.Generation, JournalGeneration ?? 0) + 1;
        var file = new RetryHistoryFile
        {
            Format = RetryHistoryFile.CurrentFormat,
            Generation = generation,
            Jobs = kept.ToDictionary(pair => pair.Key.ToString("D", CultureInfo.InvariantCulture), pair => pair.Value),
            Unknown = Snapshot.Unknown,
        };
        RetrySnapshot.Write(path, file);
        JournalEnd = RetryJournal.Reset(journal, generation);
        lock (gate)
        {
            jobs = kept.ToDictionary(pair => pair.Key, pair => pair.Value);
        }

        Snapshot = file;
        snapshotVersion = Version();
        JournalGeneration = generation;
        JournalLines = 0;
        return kept.Count;
    }

    /// <summary>After a write that failed midway: what is in memory may not be on disk, so the next batch reads all again.</summary>
    public void Invalidate() => snapshotVersion = (-2, DateTime.MinValue);

    private static void Apply(Dictionary<Guid, RetryHistoryEntry> into, List<RetryJournalLine> lines)
    {
        foreach (var line in lines)
        {
            if (line.Entry() is { } entry)
            {
                into[line.Job!.Value] = entry;
            }
            else
            {
                into.Remove(line.Job!.Value);
            }
        }
    }

    private (long, DateTime) Version()
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, DateTime.MinValue);
    }
}
