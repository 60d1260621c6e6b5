using System;
using System.Collections.Generic;

namespace WriterJobs.Emulator;

/// <summary>One application (no-code agent) as the API shows it; immutable, like <see cref="EmulatorJob"/>.</summary>
public sealed record EmulatorApplication
{
    public const string Deployed = "deployed";
    public const string Draft = "draft";

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Type { get; init; } = "generation";

    /// <summary>deployed or draft; the list shows only deployed ones, a draft is read by its ID.</summary>
    public string Status { get; init; } = Deployed;

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LastDeployedAt { get; init; }

    /// <summary>What a job of the application takes; empty for an application known only by its ID (<c>--applications app-1</c>).</summary>
    public IReadOnlyList<EmulatorApplicationInput> Inputs { get; init; } = [];
}
