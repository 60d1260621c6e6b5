using System;
using System.Threading;

namespace WriterJobs.Emulator;

/// <summary>
/// The emulator's current <see cref="FaultPlan"/>, changeable while it runs: every change builds a new plan and swaps
/// it in atomically. Draws come from a Random seeded with <see cref="EmulatorOptions.Seed"/>, so a single-threaded test
/// sees the same faults every run.
/// </summary>
public sealed class FaultSettings
{
    private readonly Random random;
    private FaultPlan plan;

    internal FaultSettings(int seed, FaultPlan plan)
    {
        random = new Random(seed);
        plan.Validate();
        this.plan = plan;
    }

    public FaultPlan Plan => Volatile.Read(ref plan);

    public FaultProfile Global
    {
        get => Plan.Global;
        set => Change(current => current with { Global = value ?? throw new ArgumentNullException(nameof(value)) });
    }

    public TimeSpan RetryAfter
    {
        get => Plan.RetryAfter;
        set => Change(current => current with { RetryAfter = value });
    }

    public TimeSpan StallDuration
    {
        get => Plan.StallDuration;
        set => Change(current => current with { StallDuration = value });
    }

    /// <summary>Requests a second across all endpoints (bursts up to the same number); null turns the quota off.</summary>
    public double? QuotaPerSecond
    {
        get => Plan.Quota?.PerSecond;
        set => Change(current => current with { Quota = value is { } rate ? new QuotaBucket(rate) : null });
    }

    /// <summary>Gives one endpoint its own profile, or with null makes it follow <see cref="Global"/> again.</summary>
    public void SetProfile(EmulatorEndpoint endpoint, FaultProfile? profile) => Change(current => current with
    {
        PerEndpoint = profile is null ? current.PerEndpoint.Remove(endpoint) : current.PerEndpoint.SetItem(endpoint, profile),
    });

    /// <summary>
    /// Answers the next <paramref name="count"/> authorised requests (only those for <paramref name="jobId"/>, when
    /// given) with this status in Writer's error shape. Earlier calls are served first.
    /// </summary>
    public void ForceStatus(int statusCode, Guid? jobId = null, int count = int.MaxValue) =>
        Change(current => current with { Forced = current.Forced.Add(new ForcedStatus(statusCode, jobId, count)) });

    /// <summary>Answers every request with 307 to the same path and query on <paramref name="target"/>; null stops it.</summary>
    public void RedirectTo(Uri? target) => Change(current => current with { RedirectTarget = target });

    public void Clear() => Change(_ => FaultPlan.None);

    /// <summary>Swaps in the plan <paramref name="change"/> makes of the current one; an invalid plan throws and changes nothing.</summary>
    public void Change(Func<FaultPlan, FaultPlan> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var current = Plan;
            var next = change(current);
            next.Validate();
            if (Interlocked.CompareExchange(ref plan, next, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Takes one of the statuses the plan owes the request, if any.</summary>
    internal int? TakeForcedStatus(Guid? jobId)
    {
        while (true)
        {
            var current = Plan;
            var match = current.Forced.Find(rule => rule.JobId is null || rule.JobId == jobId);
            if (match is null)
            {
                return null;
            }

            var forced = match.Remaining == 1 ? current.Forced.Remove(match) : current.Forced.Replace(match, match with { Remaining = match.Remaining - 1 });
            if (Interlocked.CompareExchange(ref plan, current with { Forced = forced }, current) == current)
            {
                return match.StatusCode;
            }
        }
    }

    /// <summary>Draws a request's fault from the profile it follows in <paramref name="current"/>.</summary>
    internal FaultKind? Draw(FaultPlan current, EmulatorEndpoint? endpoint)
    {
        lock (random)
        {
            return current.ProfileFor(endpoint).Roll(random);
        }
    }
}
