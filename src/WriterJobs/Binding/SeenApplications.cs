using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace WriterJobs.Binding;

/// <summary>The application IDs of the jobs each session (runspace) has been shown, for -ApplicationId completion.</summary>
internal static class SeenApplications
{
    private static readonly ConditionalWeakTable<Runspace, SortedSet<string>> Sets = new();

    public static void Add(string applicationId)
    {
        if (string.IsNullOrEmpty(applicationId) || Runspace.DefaultRunspace is not { } session)
        {
            return;
        }

        var set = Sets.GetValue(session, _ => new SortedSet<string>(StringComparer.OrdinalIgnoreCase));
        lock (set)
        {
            set.Add(applicationId);
        }
    }

    /// <summary>This session's application IDs that start with <paramref name="prefix"/>, in order.</summary>
    public static IReadOnlyList<string> StartingWith(string prefix)
    {
        if (Runspace.DefaultRunspace is not { } session || !Sets.TryGetValue(session, out var set))
        {
            return Array.Empty<string>();
        }

        lock (set)
        {
            return set.Where(id => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }
}
