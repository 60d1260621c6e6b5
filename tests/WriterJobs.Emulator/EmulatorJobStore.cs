using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace WriterJobs.Emulator;

/// <summary>
/// The emulator's jobs, in memory. Every operation takes one short lock, which keeps state changes
/// atomic (a retry cannot take effect twice) and is cheap next to an HTTP round trip. Jobs that
/// are in progress settle lazily, against the clock, whenever they are read.
/// </summary>
public sealed class EmulatorJobStore
{
    // The API's stable order: created_at, then the ID as clients see it (a string).
    private static readonly Comparer<JobKey> Order = Comparer<JobKey>.Create(static (a, b) =>
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id.ToString(), b.Id.ToString());
    });

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, EmulatorJob> jobs = [];
    private readonly Dictionary<string, SortedSet<JobKey>> byApplication = new(StringComparer.Ordinal);
    private readonly EmulatorOptions options;
    private readonly EmulatorApplicationStore applications;
    private readonly Random random;
    private volatile Func<CreateJobRequestView, bool> createFailsWhen = AnyValueSaysFail;

    internal EmulatorJobStore(EmulatorOptions options, EmulatorApplicationStore applications)
    {
        this.options = options;
        this.applications = applications;
        random = new Random(options.Seed);
        Seed();
    }

    /// <summary>How many jobs the store holds, gone ones included.</summary>
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

    /// <summary>
    /// Decides whether a created job will fail instead of completing. The default fails a job when
    /// any input value contains <c>FAIL</c>.
    /// </summary>
    public Func<CreateJobRequestView, bool> CreateFailsWhen
    {
        get => createFailsWhen;
        set => createFailsWhen = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Adds a job created now. <paramref name="status"/> may be any string, so clients can be tested
    /// on statuses they do not know. An in_progress job completes after the completion delay, or
    /// fails with <paramref name="error"/> when one is given. An application ID the emulator does not know
    /// becomes an application (named after its ID, with no input schema).
    /// </summary>
    public EmulatorJob Add(string applicationId, string status, string? error = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        applications.EnsureKnown(applicationId);
        lock (gate)
        {
            var now = Now();
            var job = new EmulatorJob { Id = NewId(), ApplicationId = applicationId, Status = status, CreatedAt = now, UpdatedAt = now };
            job = status switch
            {
                JobStatus.InProgress => job with { DueAt = now + options.CompletionDelay, PlannedError = error },
                JobStatus.Failed => job with { Error = error ?? "Emulated failure." },
                JobStatus.Completed => job with { CompletedAt = now, Title = "Emulated output", Suggestion = $"Emulated suggestion for job {job.Id}" },
                _ => job with { Error = error },
            };
            Insert(job);
            return job;
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
            // Resolving writes back into the dictionary, so enumerate a copy of the keys.
            return jobs.Keys.ToList()
                .Select(Resolve)
                .Where(job => (applicationId is null || job.ApplicationId == applicationId) && (status is null || job.Status == status))
                .Select(job => new JobKey(job.CreatedAt, job.Id))
                .Order(Order)
                .Select(key => key.Id)
                .ToList();
        }
    }

    /// <summary>How many retry requests took effect (failed → in_progress) for the job.</summary>
    public int RetryTriggers(Guid id) => Find(id)?.RetryTriggers ?? 0;

    /// <summary>
    /// Across all jobs: retries that took effect, jobs where more than one took effect, and retries refused as not
    /// failed; what a test in another process reads from <c>GET /_emulator/retries</c>.
    /// </summary>
    public RetryTotals RetryTotals()
    {
        lock (gate)
        {
            return new(jobs.Values.Sum(job => job.RetryTriggers), jobs.Values.Count(job => job.RetryTriggers > 1), jobs.Values.Sum(job => job.RetryRejections));
        }
    }

    /// <summary>How many retry requests were refused (409, or 400 per <see cref="EmulatorOptions.NotFailedRetryStatus"/>) because the job was not failed.</summary>
    public int RetryRejections(Guid id) => Find(id)?.RetryRejections ?? 0;

    /// <summary>Makes every request for the job answer 410 Gone; it also leaves list results.</summary>
    public void MarkGone(Guid id) => Update(id, job => job with { Gone = true });

    /// <summary>Makes GET of the job answer 200 with exactly this body; lists still show the real job.</summary>
    public void SetRawBody(Guid id, string contentType, string body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentNullException.ThrowIfNull(body);
        Update(id, job => job with { RawContentType = contentType, RawBody = body });
    }

    internal EmulatorJob Create(CreateJobRequestView request)
    {
        // The rule is test code: run it outside the lock.
        var fails = CreateFailsWhen(request);
        lock (gate)
        {
            var now = Now();
            var job = new EmulatorJob
            {
                Id = NewId(),
                ApplicationId = request.ApplicationId,
                Status = JobStatus.InProgress,
                CreatedAt = now,
                UpdatedAt = now,
                DueAt = now + options.CompletionDelay,
                PlannedError = fails ? "Emulated failure: the create rule failed this job." : null,
                PlannedSuggestion = string.Join('\n', request.Inputs.Select(input => $"{input.Id}: {string.Join(", ", input.Value)}")),
            };
            Insert(job);
            return job;
        }
    }

    // job is the retried job when accepted, the job as it stands when it was not failed.
    internal RetryOutcome Retry(Guid id, out EmulatorJob? job)
    {
        lock (gate)
        {
            job = null;
            if (!jobs.ContainsKey(id))
            {
                return RetryOutcome.NotFound;
            }

            var current = Resolve(id);
            if (current.Gone)
            {
                return RetryOutcome.Gone;
            }

            if (current.Status != JobStatus.Failed)
            {
                job = current with { RetryRejections = current.RetryRejections + 1 };
                jobs[id] = job;
                return RetryOutcome.NotFailed;
            }

            var now = Now();
            var failsAgain = random.NextDouble() < options.RetryOutcomeFailedShare;
            job = current with
            {
                Status = JobStatus.InProgress,
                UpdatedAt = now,
                CompletedAt = null,
                Error = null,
                DueAt = now + options.CompletionDelay,
                PlannedError = failsAgain ? "Emulated failure: the retried job failed again." : null,
                RetryTriggers = current.RetryTriggers + 1,
            };
            jobs[id] = job;
            return RetryOutcome.Accepted;
        }
    }

    /// <summary>One page of an application's jobs that are not gone, and how many match in all.</summary>
    internal (IReadOnlyList<EmulatorJob> Page, long Total) List(string applicationId, string? status, long offset, int limit)
    {
        lock (gate)
        {
            if (!byApplication.TryGetValue(applicationId, out var keys))
            {
                return ([], 0);
            }

            var matching = keys
                .Select(key => Resolve(key.Id))
                .Where(job => !job.Gone && (status is null || job.Status == status))
                .ToList();
            var page = offset >= matching.Count ? [] : matching.Skip((int)offset).Take(limit).ToList();
            return (page, matching.Count);
        }
    }

    private static bool AnyValueSaysFail(CreateJobRequestView request) =>
        request.Inputs.Any(input => input.Value.Any(value => value.Contains("FAIL", StringComparison.Ordinal)));

    // Seeds Jobs jobs in the past, round robin across the applications; the same seed gives the same jobs.
    private void Seed()
    {
        var now = Now();
        var total = options.Jobs;
        var failed = (int)Math.Round(total * options.FailedShare);
        var inProgress = Math.Min(total - failed, (int)Math.Round(total * options.InProgressShare));
        var statuses = Enumerable.Repeat(JobStatus.Failed, failed)
            .Concat(Enumerable.Repeat(JobStatus.InProgress, inProgress))
            .Concat(Enumerable.Repeat(JobStatus.Completed, total - failed - inProgress))
            .ToArray();
        random.Shuffle(statuses);
        string[] errors = ["The model timed out.", "Input exceeded the model's context window.", "Upstream service unavailable."];
        var applicationIds = applications.DeployedIds;

        for (var i = 0; i < total; i++)
        {
            var created = now - TimeSpan.FromSeconds(random.Next(600, 7 * 24 * 3600));
            var settled = created + TimeSpan.FromSeconds(random.Next(1, 120));
            var job = new EmulatorJob
            {
                Id = NewId(),
                ApplicationId = applicationIds[i % applicationIds.Count],
                Status = statuses[i],
                CreatedAt = created,
                UpdatedAt = settled,
            };
            Insert(statuses[i] switch
            {
                JobStatus.Failed => job with { Error = errors[random.Next(errors.Length)] },
                JobStatus.InProgress => job with { UpdatedAt = now, DueAt = now + options.CompletionDelay },
                _ => job with { CompletedAt = settled, Title = "Emulated output", Suggestion = $"Seeded suggestion {i + 1}." },
            });
        }
    }

    private void Update(Guid id, Func<EmulatorJob, EmulatorJob> change)
    {
        lock (gate)
        {
            if (!jobs.ContainsKey(id))
            {
                throw new KeyNotFoundException($"The emulator has no job {id}.");
            }

            jobs[id] = change(Resolve(id));
        }
    }

    // Caller holds the lock and knows the job exists.
    private EmulatorJob Resolve(Guid id)
    {
        var job = jobs[id];
        var resolved = job.ResolvedAt(Now());
        if (!ReferenceEquals(job, resolved))
        {
            jobs[id] = resolved;
        }

        return resolved;
    }

    private void Insert(EmulatorJob job)
    {
        jobs.Add(job.Id, job);
        if (!byApplication.TryGetValue(job.ApplicationId, out var keys))
        {
            keys = new SortedSet<JobKey>(Order);
            byApplication.Add(job.ApplicationId, keys);
        }

        keys.Add(new JobKey(job.CreatedAt, job.Id));
    }

    // Seeded random bytes shaped as a version 4 UUID, so job IDs repeat for a given seed.
    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    // Whole milliseconds, as the API writes them, so ordering matches what clients parse.
    private DateTimeOffset Now()
    {
        var now = options.Clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}

/// <summary>Across all jobs: retries that took effect, jobs where more than one did, retries refused as not failed.</summary>
public sealed record RetryTotals(int Triggers, int JobsTriggeredMoreThanOnce, int Rejections);

/// <summary>Where a job sits in its application's list; both parts never change.</summary>
internal readonly record struct JobKey(DateTimeOffset CreatedAt, Guid Id);

/// <summary>What a retry request did, so the endpoint can pick the status code.</summary>
internal enum RetryOutcome
{
    Accepted,
    NotFound,
    Gone,
    NotFailed,
}
