using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace WriterJobs.Session;

/// <summary>
/// Makes the types a user meets resolvable by their full names in the session: <c>[WriterJobs.WriterJob]</c>,
/// <c>param([WriterJobs.WriterJob[]] $Job)</c>, <c>-is [WriterJobs.WriterJobRetryResult]</c>.
/// </summary>
/// <remarks>
/// On PowerShell 7 the engine lives in the module's own AssemblyLoadContext (docs/ARCHITECTURE.md, load sequence),
/// whose assemblies PowerShell's type resolution does not search; type accelerators it does. This is the approach
/// about_Classes documents for a module's types: registered at import, removed at Remove-Module. Counted, because the
/// accelerators are shared by every runspace of the process and each runspace imports and removes the module alone.
/// </remarks>
internal static class PublicTypeNames
{
    private static readonly object Gate = new();
    private static int imports;

    /// <summary>The engine's public types, which are exactly those a user meets: what the cmdlets write, what it holds, the error.</summary>
    public static IReadOnlyList<Type> Types { get; } = typeof(WriterJob).Assembly.GetExportedTypes();

    public static void Register()
    {
        lock (Gate)
        {
            if (imports++ > 0 || Accelerators() is not { } accelerators)
            {
                return;
            }

            var add = accelerators.GetMethod("Add", new[] { typeof(string), typeof(Type) });
            foreach (var type in Types)
            {
                add?.Invoke(null, new object[] { type.FullName!, type });
            }
        }
    }

    public static void Unregister()
    {
        lock (Gate)
        {
            if (imports == 0 || --imports > 0 || Accelerators() is not { } accelerators)
            {
                return;
            }

            // Only names that still mean this module's types: another module may have taken one over since.
            var current = accelerators.GetProperty("Get")?.GetValue(null) as IDictionary<string, Type>;
            var remove = accelerators.GetMethod("Remove", new[] { typeof(string) });
            foreach (var type in Types)
            {
                if (current is not null && current.TryGetValue(type.FullName!, out var registered) && registered == type)
                {
                    remove?.Invoke(null, new object[] { type.FullName! });
                }
            }
        }
    }

    // Internal to PowerShell, public in all but name since Windows PowerShell 2.0: the one registry of type names.
    private static Type? Accelerators() => typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
}
