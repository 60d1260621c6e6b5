using System;
using System.IO;
using System.Reflection;

namespace WriterJobs.Loader;

/// <summary>
/// Windows PowerShell 5.1: binds every assembly the module ships in Dependencies/ to the module's own copy,
/// whatever version is asked for, so no binding redirects are needed and another module's copy is not taken.
/// </summary>
public sealed class DesktopDependencyResolver : IDisposable
{
    public DesktopDependencyResolver(string dependencyFolder)
    {
        DependencyFolder = dependencyFolder;
        AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
    }

    public string DependencyFolder { get; }

    /// <summary>The module's file for the requested name, or null when the module ships none.</summary>
    public string? PathFor(AssemblyName name)
    {
        var candidate = Path.Combine(DependencyFolder, name.Name + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }

    public void Dispose() => AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;

    private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args) =>
        PathFor(new AssemblyName(args.Name)) is { } path ? Assembly.LoadFrom(path) : null;
}
