using System;
using System.IO;
using System.Reflection;

namespace WriterJobs.Session;

/// <summary>
/// Windows PowerShell 5.1: binds the assemblies the module ships in Dependencies/ to the module's own copy, whatever
/// version is asked for, so no binding redirects are needed and another module's copy is not taken. It answers only
/// the module: a request from any other assembly (another module asking for its own Microsoft.Extensions.Http, say)
/// is left to the runtime and to that module's own handlers.
/// </summary>
internal sealed class DesktopDependencyResolver : IDisposable
{
    public DesktopDependencyResolver(string dependencyFolder)
    {
        DependencyFolder = Path.GetFullPath(dependencyFolder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        ModuleFolder = Path.GetDirectoryName(DependencyFolder)!;
        AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
    }

    /// <summary>Dependencies/, where the engine and its libraries sit.</summary>
    public string DependencyFolder { get; }

    /// <summary>The module folder, Dependencies/'s parent, where the cmdlet assembly sits.</summary>
    public string ModuleFolder { get; }

    /// <summary>
    /// The module's file for the requested name when the request is the module's, else null. The requester is the
    /// path of the assembly that asked; null when the runtime does not say (.NET Framework leaves it out for some
    /// loads by name), and then the name alone decides, as a request for a file only this module ships.
    /// </summary>
    public string? PathFor(AssemblyName name, string? requesterPath)
    {
        if (requesterPath is not null && !IsModuleAssembly(requesterPath))
        {
            return null;
        }

        var candidate = Path.Combine(DependencyFolder, name.Name + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }

    public void Dispose() => AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;

    // An assembly loaded from bytes or emitted has no location: it is not one of the module's files.
    private bool IsModuleAssembly(string path)
    {
        if (path.Length == 0)
        {
            return false;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return string.Equals(folder, DependencyFolder, StringComparison.OrdinalIgnoreCase)
            || string.Equals(folder, ModuleFolder, StringComparison.OrdinalIgnoreCase);
    }

    private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
    {
        var requester = args.RequestingAssembly;
        var requesterPath = requester is null ? null : requester.IsDynamic ? string.Empty : requester.Location;
        return PathFor(new AssemblyName(args.Name), requesterPath) is { } path ? Assembly.LoadFrom(path) : null;
    }
}
