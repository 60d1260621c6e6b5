using System;
using System.Collections.Generic;
using System.Linq;

namespace WriterJobs.Emulator;

/// <summary>A way a request can go wrong, as a client of the real API may see it.</summary>
public enum FaultKind
{
    /// <summary>429 with <c>Retry-After</c> (seconds) and <c>retry-after-ms</c>.</summary>
    TooManyRequests,

    /// <summary>500 in Writer's error shape.</summary>
    InternalServerError,

    /// <summary>502 in Writer's error shape.</summary>
    BadGateway,

    /// <summary>503 in Writer's error shape.</summary>
    ServiceUnavailable,

    /// <summary>The connection is aborted before the request does anything.</summary>
    ResetBeforeResponse,

    /// <summary>The request takes effect, then the connection is aborted: the lost response.</summary>
    ResetAfterWork,

    /// <summary>
    /// The connection is closed cleanly (FIN, no reset) before the request does anything and before any byte of an
    /// answer: what an idle keep-alive timeout at a server or proxy looks like to the client.
    /// </summary>
    CloseBeforeWork,

    /// <summary>
    /// The request takes effect, then the connection is closed cleanly without any byte of the answer: the lost
    /// response that .NET's connection pool mistakes for a stale kept-alive connection and may send again by itself.
    /// </summary>
    CloseAfterWork,

    /// <summary>The request is held for <see cref="FaultSettings.StallDuration"/>, then answered normally.</summary>
    Stall,

    /// <summary>
    /// The request takes effect; its answer's headers and half its body are sent, then nothing for
    /// <see cref="FaultSettings.StallDuration"/>, then the connection is reset: a proxy or load balancer stalling mid-body.
    /// </summary>
    StallMidBody,

    /// <summary>
    /// The request is held for <see cref="FaultSettings.StallDuration"/> whatever the client does, and then takes effect
    /// and the connection is reset: a server that applies a retry after the client's timeout gave up on it.
    /// </summary>
    ApplyLate,

    /// <summary>The request takes effect and is answered 200 with truncated JSON.</summary>
    MalformedBody,

    /// <summary>502 with an HTML page, as a proxy in front of the API would send.</summary>
    HtmlErrorPage,
}

/// <summary>
/// How requests misbehave: every request waits <see cref="Latency"/>, then with probability
/// <see cref="FaultRate"/> suffers one fault drawn from <see cref="Mix"/> by weight.
/// </summary>
public sealed record FaultProfile
{
    /// <summary>The default mix: the transient HTTP failures (429, 500, 502, 503), equally likely.</summary>
    public static IReadOnlyDictionary<FaultKind, double> TransientHttp { get; } = EqualWeights(
        FaultKind.TooManyRequests, FaultKind.InternalServerError, FaultKind.BadGateway, FaultKind.ServiceUnavailable);

    /// <summary>No latency, no faults. After <see cref="TransientHttp"/>, which it takes as its mix: statics start in order.</summary>
    public static FaultProfile None { get; } = new();

    public TimeSpan Latency { get; init; }

    /// <summary>Probability (0..1) that a request suffers a fault.</summary>
    public double FaultRate { get; init; }

    /// <summary>Which faults, with relative weights.</summary>
    public IReadOnlyDictionary<FaultKind, double> Mix { get; init; } = TransientHttp;

    /// <summary>Every request suffers this one fault.</summary>
    public static FaultProfile Always(FaultKind fault) => new() { FaultRate = 1, Mix = EqualWeights(fault) };

    /// <summary>A mix where every listed fault is equally likely.</summary>
    public static IReadOnlyDictionary<FaultKind, double> EqualWeights(params IEnumerable<FaultKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        return kinds.Distinct().ToDictionary(kind => kind, _ => 1.0);
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Latency, TimeSpan.Zero, nameof(Latency));
        RequireShare(FaultRate, nameof(FaultRate));
        ArgumentNullException.ThrowIfNull(Mix, nameof(Mix));
        if (Mix.Values.Any(weight => double.IsNaN(weight) || weight < 0) || (FaultRate > 0 && !(Mix.Values.Sum() > 0)))
        {
            throw new ArgumentException("Fault weights must not be negative, and a profile with faults needs one positive weight.", nameof(Mix));
        }
    }

    /// <summary>The check on a share (a probability, 0..1), here because the net472 tests compile this file and not the options.</summary>
    internal static void RequireShare(double value, string name)
    {
        if (value is not (>= 0 and <= 1))
        {
            throw new ArgumentException($"{name} must be between 0 and 1, not {value}.");
        }
    }

    // The caller holds the lock that guards random.
    internal FaultKind? Roll(Random random)
    {
        if (FaultRate <= 0 || random.NextDouble() >= FaultRate)
        {
            return null;
        }

        var pick = random.NextDouble() * Mix.Values.Sum();
        foreach (var (kind, weight) in Mix)
        {
            pick -= weight;
            if (pick < 0)
            {
                return kind;
            }
        }

        // Rounding can leave the pick a hair above zero: fall back to the last weighted kind.
        return Mix.Last(entry => entry.Value > 0).Key;
    }
}
