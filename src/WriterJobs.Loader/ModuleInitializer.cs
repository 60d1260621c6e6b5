using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace WriterJobs.Loader;

/// <summary>
/// Import-Module: points the runtime at Dependencies/ for the engine and its libraries. On PowerShell 7 the engine
/// goes into the module's own AssemblyLoadContext (WriterJobs.Isolation, net8.0, reached by reflection because this
/// assembly is netstandard2.0); on Windows PowerShell 5.1 an AssemblyResolve handler binds the module's copies.
/// Remove-Module unhooks.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string IsolationAssemblyFile = "WriterJobs.Isolation.dll";
    private const string IsolationEntryType = "WriterJobs.Isolation.ModuleResolution";

    private static readonly object Gate = new();
    private static IDisposable? resolution;

    /// <summary>The Dependencies folder beside this assembly.</summary>
    public static string DependencyFolder { get; } =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "Dependencies");

    public void OnImport()
    {
        lock (Gate)
        {
            resolution ??= IsPowerShellCore() ? AttachLoadContext() : new DesktopDependencyResolver(DependencyFolder);
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
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
