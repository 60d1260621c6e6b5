using System;
using System.Collections.Generic;
using System.Threading;

namespace WriterJobs.Emulator;

/// <summary>
/// The emulator's misbehaviour, changeable while it runs. Faults apply only to requests that passed
/// the auth check; a redirect applies to every request. Draws come from a Random seeded with
/// <see cref="EmulatorOptions.Seed"/>, so a single-threaded test sees the same faults every run.
/// </summary>
public sealed class FaultSettings
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DefaultStallDuration = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Random random;
    private readonly TimeProvider clock;
    private readonly Dictionary<EmulatorEndpoint, FaultProfile> perEndpoint = [];
    private readonly List<ForcedStatus> forced = [];
    private FaultProfile global = FaultProfile.None;
    private TimeSpan retryAfter = DefaultRetryAfter;
    private TimeSpan stallDuration = DefaultStallDuration;
    private Uri? redirectTarget;
    private double? quotaPerSecond;
    private double quotaTokens;
    private DateTimeOffset quotaRefilledAt;

    internal FaultSettings(int seed, TimeProvider clock)
    {
        random = new Random(seed);
        this.clock = clock;
    }

    /// <summary>The profile for every endpoint that has none of its own.</summary>
    public FaultProfile Global
    {
        get
        {
            lock (gate)
            {
                return global;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            lock (gate)
            {
                global = value;
            }
        }
    }

    /// <summary>The wait a 429 fault advertises in <c>Retry-After</c> and <c>retry-after-ms</c>.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            lock (gate)
            {
                return retryAfter;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (gate)
            {
                retryAfter = value;
            }
        }
    }

    /// <summary>How long a <see cref="FaultKind.Stall"/> holds a request (shutdown and client aborts cut it short).</summary>
    public TimeSpan StallDuration
    {
        get
        {
            lock (gate)
            {
                return stallDuration;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (gate)
            {
                stallDuration = value;
            }
        }
    }

    /// <summary>
    /// Requests a second across all endpoints (bursts up to the same number); over it, a 429 says
    /// when the next slot opens. Null turns the quota off.
    /// </summary>
    public double? QuotaPerSecond
    {
        get
        {
            lock (gate)
            {
                return quotaPerSecond;
            }
        }

        set
        {
            if (value is { } rate && !(rate > 0 && double.IsFinite(rate)))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The quota must be a positive number of requests a second.");
            }

            lock (gate)
            {
                quotaPerSecond = value;
                quotaTokens = value is { } full ? Math.Max(1, full) : 0;
                quotaRefilledAt = clock.GetUtcNow();
            }
        }
    }

    /// <summary>Gives one endpoint its own profile, or with null makes it follow <see cref="Global"/> again.</summary>
    public void SetProfile(EmulatorEndpoint endpoint, FaultProfile? profile)
    {
        profile?.Validate();
        lock (gate)
        {
            if (profile is null)
            {
                perEndpoint.Remove(endpoint);
            }
            else
            {
                perEndpoint[endpoint] = profile;
            }
        }
    }

    /// <summary>The profile the endpoint follows now.</summary>
    public FaultProfile ProfileFor(EmulatorEndpoint endpoint)
    {
        lock (gate)
        {
            return ProfileForLocked(endpoint);
        }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> authorised requests (only those for
    /// <paramref name="jobId"/>, when given) with this status in Writer's error shape. Earlier
    /// calls are served first.
    /// </summary>
    public void ForceStatus(int statusCode, Guid? jobId = null, int count = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (gate)
        {
            forced.Add(new ForcedStatus(statusCode, jobId, count));
        }
    }

    /// <summary>Answers every request with 307 to the same path and query on <paramref name="target"/>; null stops it.</summary>
    public void RedirectTo(Uri? target)
    {
        if (target is not null && !target.IsAbsoluteUri)
        {
            throw new ArgumentException("The redirect target must be an absolute URI.", nameof(target));
        }

        // A base without a trailing slash would lose its last segment when paths are resolved against it.
        if (target is not null && !target.AbsolutePath.EndsWith('/'))
        {
            target = new Uri(target.GetLeftPart(UriPartial.Path) + "/");
        }

        lock (gate)
        {
            redirectTarget = target;
        }
    }

    /// <summary>Back to a well-behaved emulator: no profiles, quota, forced statuses or redirect; default waits.</summary>
    public void Clear()
    {
        lock (gate)
        {
            global = FaultProfile.None;
            perEndpoint.Clear();
            forced.Clear();
            retryAfter = DefaultRetryAfter;
            stallDuration = DefaultStallDuration;
            redirectTarget = null;
            quotaPerSecond = null;
        }
    }

    internal Uri? RedirectTarget
    {
        get
        {
            lock (gate)
            {
                return redirectTarget;
            }
        }
    }

    internal int? TakeForcedStatus(Guid? jobId)
    {
        lock (gate)
        {
            var match = forced.Find(rule => rule.JobId is null || rule.JobId == jobId);
            if (match is null)
            {
                return null;
            }

            if (--match.Remaining == 0)
            {
                forced.Remove(match);
            }

            return match.StatusCode;
        }
    }

    /// <summary>Takes a quota slot; null when granted, else how long until the next one opens.</summary>
    internal TimeSpan? TakeQuotaSlot()
    {
        lock (gate)
        {
            if (quotaPerSecond is not { } rate)
            {
                return null;
            }

            // A token bucket: refills at the rate, holds at most one second's worth.
            var now = clock.GetUtcNow();
            quotaTokens = Math.Min(Math.Max(1, rate), quotaTokens + ((now - quotaRefilledAt).TotalSeconds * rate));
            quotaRefilledAt = now;
            if (quotaTokens >= 1)
            {
                quotaTokens -= 1;
                return null;
            }

            return TimeSpan.FromSeconds((1 - quotaTokens) / rate);
        }
    }

    /// <summary>Draws this request's latency and fault from the profile that applies.</summary>
    internal (TimeSpan Latency, FaultKind? Fault) Draw(EmulatorEndpoint? endpoint)
    {
        lock (gate)
        {
            var profile = endpoint is { } known ? ProfileForLocked(known) : global;
            return (profile.Latency, profile.Roll(random));
        }
    }

    private FaultProfile ProfileForLocked(EmulatorEndpoint endpoint) => perEndpoint.GetValueOrDefault(endpoint, global);
}
