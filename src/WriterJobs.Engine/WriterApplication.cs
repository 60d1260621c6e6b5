using System;
using System.Collections.Generic;

namespace WriterJobs;

/// <summary>One application (a no-code agent) of the workspace, as the Writer API reports it, with the inputs its jobs take.</summary>
public sealed class WriterApplication
{
    public WriterApplication(
        string id,
        string name,
        string type,
        string status,
        DateTimeOffset createdAt,
        DateTimeOffset? updatedAt,
        DateTimeOffset? lastDeployedAt,
        IReadOnlyList<WriterApplicationInput> inputs)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Type = type ?? string.Empty;
        Status = status ?? string.Empty;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        LastDeployedAt = lastDeployedAt;
        Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
    }

    public string Id { get; }

    public string Name { get; }

    /// <summary>The server's word for the kind of application: generation.</summary>
    public string Type { get; }

    /// <summary>deployed or draft, in the server's words; only deployed applications are listed.</summary>
    public string Status { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? UpdatedAt { get; }

    public DateTimeOffset? LastDeployedAt { get; }

    /// <summary>The inputs a job of the application takes, in the application's order.</summary>
    public IReadOnlyList<WriterApplicationInput> Inputs { get; }

    /// <summary>The ID: an application given where an application ID is asked for (-ApplicationId $app) stands for itself.</summary>
    public override string ToString() => Id;
}
