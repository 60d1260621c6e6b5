using System;
using System.Collections.Generic;
using System.Linq;

namespace WriterJobs.Emulator;

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
        Shares.Require(FaultRate, nameof(FaultRate));
        ArgumentNullException.ThrowIfNull(Mix, nameof(Mix));
        if (Mix.Values.Any(weight => double.IsNaN(weight) || weight < 0) || (FaultRate > 0 && !(Mix.Values.Sum() > 0)))
        {
            throw new ArgumentException("Fault weights must not be negative, and a profile with faults needs one positive weight.", nameof(Mix));
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
