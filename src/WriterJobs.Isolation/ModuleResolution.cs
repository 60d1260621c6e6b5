using System;
using System.Reflection;
using System.Runtime.Loader;

namespace WriterJobs.Isolation;

/// <summary>
/// What the module initializer switches on in PowerShell 7: when the default context cannot find the engine
/// (it is not beside WriterJobs.dll), the engine is loaded into the module's <see cref="DependencyLoadContext"/>,
/// and from there every dependency it asks for comes from the Dependencies folder.
/// </summary>
public sealed class ModuleResolution : IDisposable
{
    /// <summary>The one assembly the cmdlet assembly references from the Dependencies folder.</summary>
    public const string EngineAssemblyName = "WriterJobs.Engine";

    private ModuleResolution(string dependencyFolder)
    {
        Context = new DependencyLoadContext(dependencyFolder);
        AssemblyLoadContext.Default.Resolving += OnResolving;
    }

    public DependencyLoadContext Context { get; }

    /// <summary>Hooks the default context; called by reflection from the netstandard2.0 module initializer.</summary>
    public static ModuleResolution Attach(string dependencyFolder) => new(dependencyFolder);

    /// <summary>Unhooks when the module is removed; what was loaded stays loaded, as it must.</summary>
    public void Dispose() => AssemblyLoadContext.Default.Resolving -= OnResolving;

    private Assembly? OnResolving(AssemblyLoadContext context, AssemblyName name) =>
        string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal) ? Context.LoadFromAssemblyName(name) : null;
}
