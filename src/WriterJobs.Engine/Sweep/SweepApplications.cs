using System;
using System.Collections.Generic;
using System.Linq;

namespace WriterJobs.Sweep;

/// <summary>The applications a sweep was given, however the scheduler passed them.</summary>
internal static class SweepApplications
{
    /// <summary>Every application the key can see.</summary>
    public const string Every = "*";

    /// <summary>
    /// Each value split at its commas, trimmed, empty ones dropped, the first of each ID kept in order:
    /// <c>pwsh -File</c> passes <c>app-1,app-2</c> as one string, <c>pwsh -Command</c> as two.
    /// </summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string?> values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        return values
            .SelectMany(value => (value ?? string.Empty).Split(','))
            .Select(id => id.Trim())
            .Where(id => id.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
