using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace WriterJobs.Isolation;

/// <summary>
/// Loads the engine and its dependencies from the module's Dependencies folder, apart from whatever
/// versions other modules (Az.Accounts, Microsoft.Graph, ...) put in the default context.
/// </summary>
/// <remarks>
/// A plain AssemblyLoadContext asks the default context first, so an already-loaded Microsoft.Extensions.Http
/// of another version would win; this <see cref="Load"/> override answers from the folder before that.
/// The runtime's own assemblies (System.Memory, System.Buffers, ...) stay shared when the runtime's copy is at
/// least as new: a second System.Memory would split Span and friends into two types.
/// </remarks>
public sealed class DependencyLoadContext : AssemblyLoadContext
{
    public DependencyLoadContext(string dependencyFolder)
        : base("WriterJobs", isCollectible: false)
    {
        DependencyFolder = dependencyFolder;
    }

    public string DependencyFolder { get; }

    /// <summary>The file in <see cref="DependencyFolder"/> that this context loads for the name, or null to share the runtime's copy.</summary>
    public string? PathFor(AssemblyName name)
    {
        var candidate = Path.Combine(DependencyFolder, name.Name + ".dll");
        if (!File.Exists(candidate))
        {
            return null;
        }

        return RuntimeAssemblies.HasAtLeast(name.Name!, AssemblyName.GetAssemblyName(candidate).Version) ? null : candidate;
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        PathFor(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
}
