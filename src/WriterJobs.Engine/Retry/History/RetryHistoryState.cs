using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace WriterJobs.Retry.History;

/// <summary>
/// What one run knows of a history: the snapshot's index, the journal lines it has read on top of it (the overlay),
/// and where it stopped reading. Before each batch (under the lock) it catches up with what other runs appended since:
/// only the new lines, unless a compaction replaced the files, then all again. Lines of a journal older than the
/// snapshot are already in it.
/// </summary>
internal sealed class RetryHistoryState
{
    private readonly string path;
    private readonly string given;
    private readonly object gate = new();
    private RetrySnapshotIndex index;
    private Dictionary<Guid, RetryHistoryEntry?> overlay = new();
    private (long, DateTime) snapshotVersion;

    public RetryHistoryState(string path, string given)
    {
        this.path = path;
        this.given = given;
        index = RetrySnapshotIndex.Of([], given);
    }

    public RetrySnapshotIndex Snapshot => index;

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
                var count = index.Count;
                foreach (var pair in overlay)
                {
                    count += (pair.Value is null, index.Contains(pair.Key)) switch
                    {
                        (true, true) => -1,
                        (false, false) => 1,
                        _ => 0,
                    };
                }

                return count;
            }
        }
    }

    public RetryHistoryEntry? Get(Guid job)
    {
        lock (gate)
        {
            return overlay.TryGetValue(job, out var entry) ? entry : index.Entry(job);
        }
    }

    /// <summary>Every job and its entry: each entry of the snapshot parsed, so O(size); for a compaction and a listing.</summary>
    public List<KeyValuePair<Guid, RetryHistoryEntry>> All()
    {
        lock (gate)
        {
            return index.Jobs.Where(job => !overlay.ContainsKey(job)).Select(job => new KeyValuePair<Guid, RetryHistoryEntry>(job, index.Entry(job)!))
                .Concat(overlay.Where(pair => pair.Value is not null).Select(pair => new KeyValuePair<Guid, RetryHistoryEntry>(pair.Key, pair.Value!)))
                .ToList();
        }
    }

    public void Set(Guid job, RetryHistoryEntry? entry)
    {
        lock (gate)
        {
            overlay[job] = entry;
        }
    }

    /// <summary>Reads everything afresh; without the lock (at open, for -WhatIf) it reads again while a compaction moves
    /// the files under it.</summary>
    public void Load(FileStream? journal)
    {
        for (var attempt = 0; ; attempt++)
        {
            var version = Version();
            var snapshot = RetrySnapshotIndex.Read(path, given);
            var generation = journal is null ? null : RetryJournal.Generation(journal, given);
            if (generation > snapshot.Generation && attempt < 3)
            {
                // A compaction renamed a newer snapshot in after this one was read.
                continue;
            }

            var fresh = new Dictionary<Guid, RetryHistoryEntry?>();
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
                index = snapshot;
                overlay = fresh;
            }

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
            Apply(overlay, read);
        }

        JournalEnd = end;
        JournalLines += read.Count;
    }

    /// <summary>Under the lock: appends, first making the journal follow the snapshot when it is new or stale.</summary>
    public void Append(FileStream journal, IReadOnlyList<RetryJournalLine> lines)
    {
        if (JournalGeneration is null)
        {
            JournalEnd = RetryJournal.Reset(journal, index.Generation);
            JournalGeneration = index.Generation;
        }

        JournalEnd = RetryJournal.Append(journal, JournalEnd, lines);
        JournalLines += lines.Count;
    }

    /// <summary>Under the lock: folds the journal into a new snapshot, leaving out jobs older than the retention.</summary>
    public void Compact(FileStream journal, Func<RetryHistoryEntry, bool> keep, DateTimeOffset now)
    {
        var generation = Math.Max(index.Generation, JournalGeneration ?? 0) + 1;
        var file = new RetryHistoryFile
        {
            Format = RetryHistoryFile.CurrentFormat,
            Generation = generation,
            CompactedAt = now,
            Jobs = All().Where(pair => keep(pair.Value)).ToDictionary(pair => pair.Key.ToString("D", CultureInfo.InvariantCulture), pair => pair.Value),
            Unknown = index.Unknown(),
        };
        var written = RetrySnapshot.Write(path, file);
        JournalEnd = RetryJournal.Reset(journal, generation);
        lock (gate)
        {
            index = RetrySnapshotIndex.Of(written, given);
            overlay = new Dictionary<Guid, RetryHistoryEntry?>();
        }

        snapshotVersion = Version();
        JournalGeneration = generation;
        JournalLines = 0;
    }

    /// <summary>After a write that failed midway: what is in memory may not be on disk, so the next batch reads all again.</summary>
    public void Invalidate() => snapshotVersion = (-2, DateTime.MinValue);

    private static void Apply(Dictionary<Guid, RetryHistoryEntry?> into, List<RetryJournalLine> lines)
    {
        foreach (var line in lines)
        {
            into[line.Job!.Value] = line.Entry();
        }
    }

    private (long, DateTime) Version()
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, DateTime.MinValue);
    }
}
