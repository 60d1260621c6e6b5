using System;
using System.Collections.Generic;

namespace WriterJobs;

/// <summary>One named input of a job to create; the API takes every input as an array of strings.</summary>
internal sealed class WriterJobInput
{
    public WriterJobInput(string id, IReadOnlyList<string> values)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException("An input needs a name.", nameof(id));
        }

        Id = id;
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    public string Id { get; }

    public IReadOnlyList<string> Values { get; }
}
