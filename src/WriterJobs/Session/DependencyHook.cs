using System;
using System.IO;
using System.Reflection;

namespace WriterJobs.Session;

/// <summary>
/// Points the runtime at Dependencies/ for the engine and its libraries, first thing at import. On PowerShell 7 the
/// engine goes into the module's own AssemblyLoadContext (WriterJobs.Isolation, net8.0, reached by reflection because
/// this assembly is netstandard2.0); on Windows PowerShell 5.1 an AssemblyResolve handler binds the module's copies.
/// </summary>
/// <remarks>
/// Nothing here names an engine type, and no public type of this assembly derives from one: PowerShell reads the
/// assembly's types before it runs the initializer, and only the initializer's later steps reach the engine.
/// </remarks>
internal static class DependencyHook
{
    private const string IsolationAssemblyFile = "WriterJobs.Isolation.dll";
    private const string IsolationEntryType = "WriterJobs.Isolation.ModuleResolution";

    private static readonly object Gate = new();
    private static IDisposable? resolution;

    /// <summary>The Dependencies folder beside this assembly.</summary>
    public static string DependencyFolder { get; } =
        Path.Combine(Path.GetDirectoryName(typeof(DependencyHook).Assembly.Location)!, "Dependencies");

    public static void Attach()
    {
        lock (Gate)
        {
            resolution ??= IsPowerShellCore() ? AttachLoadContext() : new DesktopDependencyResolver(DependencyFolder);
        }
    }

    /// <summary>Unhooks at Remove-Module; what was loaded stays loaded, as it must.</summary>
    public static void Detach()
    {
        lock (Gate)
        {
            resolution?.Dispose();
            resolution = null;
        }
    }

    // .NET Core's core library is System.Private.CoreLib, .NET Framework's mscorlib: tells the editions apart without probing.
    private static bool IsPowerShellCore() => typeof(object).Assembly.GetName().Name == "System.Private.CoreLib";

    private static IDisposable AttachLoadContext()
    {
        var isolation = Assembly.LoadFrom(Path.Combine(DependencyFolder, IsolationAssemblyFile));
        var attach = isolation.GetType(IsolationEntryType, throwOnError: true)!.GetMethod("Attach", BindingFlags.Public | BindingFlags.Static)!;
        return (IDisposable)attach.Invoke(null, new object[] { DependencyFolder })!;
    }
}
