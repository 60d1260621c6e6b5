using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace WriterJobs.Emulator;

/// <summary>
/// The emulator's jobs, in memory. Every operation takes one short lock, which keeps state changes atomic (a retry
/// cannot take effect twice) and is cheap next to an HTTP round trip. In-progress jobs settle lazily, against the
/// clock, whenever they are read.
/// </summary>
public sealed class EmulatorJobStore
{
    private static readonly string[] SeededErrors = ["The model timed out.", "Input exceeded the model's context window.", "Upstream service unavailable."];

    // The API's stable order: created_at, then the ID as clients see it (a string).
    private readonly SortedSet<EmulatorJob> ordered = new(Comparer<EmulatorJob>.Create(static (a, b) =>
        a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : string.CompareOrdinal(a.Id.ToString(), b.Id.ToString())));

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, EmulatorJob> jobs = [];
    private readonly EmulatorOptions options;
    private readonly EmulatorApplicationStore applications;
    private readonly Random random;

    internal EmulatorJobStore(EmulatorOptions options, EmulatorApplicationStore applications)
    {
        this.options = options;
        this.applications = applications;
        random = new Random(options.Seed);
        Seed();
    }

    /// <summary>
    /// Adds a job created now. <paramref name="status"/> may be any string, so clients can be tested on statuses they
    /// do not know. An in_progress job completes after the completion delay, or fails with <paramref name="error"/> when
    /// one is given. An application ID the emulator does not know becomes an application (named after it, no schema).
    /// </summary>
    public EmulatorJob Add(string applicationId, string status, string? error = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        applications.EnsureKnown(applicationId);
        lock (gate)
        {
            var now = options.Now();
            var job = New(applicationId, status, now, now);
            return Insert(status is JobStatus.InProgress ? job with { PlannedError = error } : job with { Error = error ?? job.Error });
        }
    }

    /// <summary>The job as the API would show it now, or null when there is no such job.</summary>
    public EmulatorJob? Find(Guid id)
    {
        lock (gate)
        {
            return jobs.ContainsKey(id) ? Resolve(id) : null;
        }
    }

    /// <summary>IDs of the jobs that match, in the API's order (created_at, then ID).</summary>
    public IReadOnlyList<Guid> Ids(string? applicationId = null, string? status = null)
    {
        lock (gate)
        {
            return Matching(applicationId, status).Select(job => job.Id).ToList();
        }
    }

    /// <summary>How many retry requests took effect (failed → in_progress) for the job.</summary>
    public int RetryTriggers(Guid id) => Find(id)?.RetryTriggers ?? 0;

    /// <summary>How many retry requests were refused (409, or 400 per <see cref="EmulatorOptions.NotFailedRetryStatus"/>) because the job was not failed.</summary>
    public int RetryRejections(Guid id) => Find(id)?.RetryRejections ?? 0;

    /// <summary>Across all jobs, what a test in another process reads from <c>GET /_emulator/retries</c>.</summary>
    public RetryTotals RetryTotals()
    {
        lock (gate)
        {
            return new(jobs.Values.Sum(job => job.RetryTriggers), jobs.Values.Count(job => job.RetryTriggers > 1), jobs.Values.Sum(job => job.RetryRejections));
        }
    }

    /// <summary>Makes every request for the job answer 410 Gone; it also leaves list results.</summary>
    public void MarkGone(Guid id) => Update(id, job => job with { Gone = true });

    /// <summary>Makes GET of the job answer 200 with exactly this body; lists still show the real job.</summary>
    public void SetRawBody(Guid id, string contentType, string body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentNullException.ThrowIfNull(body);
        Update(id, job => job with { RawContentType = contentType, RawBody = body });
    }

    /// <summary>A job created by the API: it fails when any input value contains FAIL, else completes with its inputs as its suggestion.</summary>
    internal EmulatorJob Create(string applicationId, IReadOnlyList<JobInput> inputs)
    {
        var fails = inputs.Any(input => input.Value.Any(value => value.Contains("FAIL", StringComparison.Ordinal)));
        lock (gate)
        {
            var now = options.Now();
            return Insert(New(applicationId, JobStatus.InProgress, now, now) with
            {
                PlannedError = fails ? "Emulated failure: the create rule failed this job." : null,
                PlannedSuggestion = string.Join('\n', inputs.Select(input => $"{input.Id}: {string.Join(", ", input.Value)}")),
            });
        }
    }

    // job is the retried job when accepted, the job as it stands when it was not failed.
    internal RetryOutcome Retry(Guid id, out EmulatorJob? job)
    {
        lock (gate)
        {
            job = jobs.ContainsKey(id) ? Resolve(id) : null;
            if (job is null || job.Gone)
            {
                return job is null ? RetryOutcome.NotFound : RetryOutcome.Gone;
            }

            if (job.Status != JobStatus.Failed)
            {
                job = jobs[id] = job with { RetryRejections = job.RetryRejections + 1 };
                return RetryOutcome.NotFailed;
            }

            var now = options.Now();
            var failsAgain = random.NextDouble() < options.RetryOutcomeFailedShare;
            job = jobs[id] = job with
            {
                Status = JobStatus.InProgress,
                UpdatedAt = now,
                CompletedAt = null,
                Error = null,
                DueAt = now + options.CompletionDelay,
                PlannedError = failsAgain ? "Emulated failure: the retried job failed again." : null,
                RetryTriggers = job.RetryTriggers + 1,
            };
            return RetryOutcome.Accepted;
        }
    }

    /// <summary>One page of an application's jobs that are not gone, and how many match in all.</summary>
    internal (IReadOnlyList<EmulatorJob> Page, long Total) List(string applicationId, string? status, long offset, int limit)
    {
        lock (gate)
        {
            var matching = Matching(applicationId, status).Where(job => !job.Gone).ToList();
            return (offset >= matching.Count ? [] : matching.Skip((int)offset).Take(limit).ToList(), matching.Count);
        }
    }

    /// <summary>Seeded random bytes shaped as a version 4 UUID, so IDs repeat for a given seed.</summary>
    internal static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    // Seeds Jobs jobs in the past, round robin across the applications; the same seed gives the same jobs.
    private void Seed()
    {
        var now = options.Now();
        var total = options.Jobs;
        var failed = (int)Math.Round(total * options.FailedShare);
        var inProgress = Math.Min(total - failed, (int)Math.Round(total * options.InProgressShare));
        var statuses = Enumerable.Repeat(JobStatus.Failed, failed)
            .Concat(Enumerable.Repeat(JobStatus.InProgress, inProgress))
            .Concat(Enumerable.Repeat(JobStatus.Completed, total - failed - inProgress))
            .ToArray();
        random.Shuffle(statuses);
        var applicationIds = applications.DeployedIds;
        for (var i = 0; i < total; i++)
        {
            var created = now - TimeSpan.FromSeconds(random.Next(600, 7 * 24 * 3600));
            var settled = created + TimeSpan.FromSeconds(random.Next(1, 120));
            var job = New(applicationIds[i % applicationIds.Count], statuses[i], created, statuses[i] is JobStatus.InProgress ? now : settled);
            Insert(statuses[i] is JobStatus.Failed ? job with { Error = SeededErrors[random.Next(SeededErrors.Length)] } : job);
        }
    }

    // A job as it stands once created: in progress for the completion delay from its update, completed with an output,
    // failed with an error (which the caller may replace).
    private EmulatorJob New(string applicationId, string status, DateTimeOffset created, DateTimeOffset updated)
    {
        var job = new EmulatorJob { Id = NewId(random), ApplicationId = applicationId, Status = status, CreatedAt = created, UpdatedAt = updated };
        return status switch
        {
            JobStatus.InProgress => job with { DueAt = updated + options.CompletionDelay },
            JobStatus.Failed => job with { Error = "Emulated failure." },
            JobStatus.Completed => job.Complete(updated),
            _ => job,
        };
    }

    private void Update(Guid id, Func<EmulatorJob, EmulatorJob> change)
    {
        lock (gate)
        {
            jobs[id] = jobs.ContainsKey(id) ? change(Resolve(id)) : throw new KeyNotFoundException($"The emulator has no job {id}.");
        }
    }

    // Caller holds the lock and knows the job exists.
    private EmulatorJob Resolve(Guid id) => jobs[id] = jobs[id].ResolvedAt(options.Now());

    // Caller holds the lock. Resolving writes back into the dictionary, so it runs over the ordered set.
    private IEnumerable<EmulatorJob> Matching(string? applicationId, string? status) => ordered
        .Where(job => applicationId is null || job.ApplicationId == applicationId)
        .Select(job => Resolve(job.Id))
        .Where(job => status is null || job.Status == status);

    private EmulatorJob Insert(EmulatorJob job)
    {
        jobs.Add(job.Id, job);
        ordered.Add(job);
        return job;
    }
}

/// <summary>Across all jobs: retries that took effect, jobs where more than one did, retries refused as not failed.</summary>
public sealed record RetryTotals(int Triggers, int JobsTriggeredMoreThanOnce, int Rejections);

/// <summary>What a retry request did, so the endpoint can pick the status code.</summary>
internal enum RetryOutcome
{
    Accepted,
    NotFound,
    Gone,
    NotFailed,
}
