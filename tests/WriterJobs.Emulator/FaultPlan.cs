using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;

namespace WriterJobs.Emulator;

/// <summary>
/// The emulator's misbehaviour at one moment, as one immutable value: <see cref="FaultSettings"/> swaps it whole, so a
/// request reads one consistent plan and a change never shows half made. Faults apply only to requests that passed the
/// auth check; a redirect applies to every request.
/// </summary>
public sealed record FaultPlan
{
    private readonly Uri? redirectTarget;

    public static FaultPlan None { get; } = new();

    /// <summary>The profile for every endpoint that has none of its own.</summary>
    public FaultProfile Global { get; init; } = FaultProfile.None;

    public ImmutableDictionary<EmulatorEndpoint, FaultProfile> PerEndpoint { get; init; } = ImmutableDictionary<EmulatorEndpoint, FaultProfile>.Empty;

    /// <summary>The wait a 429 fault or forced 429 advertises in <c>Retry-After</c> and <c>retry-after-ms</c>.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <see cref="FaultKind.Stall"/>, <see cref="FaultKind.StallMidBody"/> and <see cref="FaultKind.ApplyLate"/> hold a request.</summary>
    public TimeSpan StallDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where every request is sent with 307, same path and query; null for no redirect.</summary>
    public Uri? RedirectTarget
    {
        get => redirectTarget;

        // A base without a trailing slash would lose its last segment when paths are resolved against it.
        init => redirectTarget = value is { IsAbsoluteUri: true } && !value.AbsolutePath.EndsWith('/') ? new Uri(value.GetLeftPart(UriPartial.Path) + "/") : value;
    }

    public QuotaBucket? Quota { get; init; }

    /// <summary>Statuses still owed to the next authorised requests, earliest first.</summary>
    public ImmutableList<ForcedStatus> Forced { get; init; } = [];

    /// <summary>The profile the endpoint follows (the global one when the request matched no endpoint).</summary>
    public FaultProfile ProfileFor(EmulatorEndpoint? endpoint) =>
        endpoint is { } known ? PerEndpoint.GetValueOrDefault(known, Global) : Global;

    internal void Validate()
    {
        Global.Validate();
        foreach (var profile in PerEndpoint.Values)
        {
            profile.Validate();
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RetryAfter, TimeSpan.Zero, nameof(RetryAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(StallDuration, TimeSpan.Zero, nameof(StallDuration));
        if (RedirectTarget is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("The redirect target must be an absolute URI.", nameof(RedirectTarget));
        }

        if (Forced.Any(rule => rule.StatusCode is < 400 or > 599 || rule.Remaining < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Forced), "A forced status is 400 to 599, owed at least once.");
        }
    }
}

/// <summary>A status the plan still owes <see cref="Remaining"/> times, to requests for any job or for one.</summary>
public sealed record ForcedStatus(int StatusCode, Guid? JobId, int Remaining);

/// <summary>
/// Requests a second across all endpoints, as a token bucket that refills at the rate and holds one second's worth
/// (at least one request); over it, a 429 says when the next slot opens. Full when made: a new quota starts afresh.
/// </summary>
public sealed class QuotaBucket
{
    private readonly Lock gate = new();
    private double tokens;
    private DateTimeOffset? refilledAt;

    public QuotaBucket(double perSecond)
    {
        if (!(perSecond > 0 && double.IsFinite(perSecond)))
        {
            throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond, "The quota must be a positive number of requests a second.");
        }

        PerSecond = perSecond;
        tokens = Math.Max(1, perSecond);
    }

    public double PerSecond { get; }

    /// <summary>Takes a slot at <paramref name="now"/>; null when granted, else how long until the next one opens.</summary>
    internal TimeSpan? Take(DateTimeOffset now)
    {
        lock (gate)
        {
            tokens = Math.Min(Math.Max(1, PerSecond), tokens + ((now - (refilledAt ?? now)).TotalSeconds * PerSecond));
            refilledAt = now;
            if (tokens >= 1)
            {
                tokens -= 1;
                return null;
            }

            return TimeSpan.FromSeconds((1 - tokens) / PerSecond);
        }
    }
}
