using System;
using System.IO;

namespace WriterJobs.Isolation;

/// <summary>
/// The assemblies in the runtime's own folder, which every context shares: Microsoft.NETCore.App, and for pwsh (a
/// self-contained app) $PSHOME, where PowerShell's own assemblies sit beside the runtime's.
/// </summary>
internal static class RuntimeAssemblies
{
    private static readonly string Folder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    /// <summary>Whether the runtime's folder holds this assembly in the given version or newer.</summary>
    public static bool HasAtLeast(string name, Version? version)
    {
        var path = Path.Combine(Folder, name + ".dll");
        return File.Exists(path) && System.Reflection.AssemblyName.GetAssemblyName(path).Version >= version;
    }
}
