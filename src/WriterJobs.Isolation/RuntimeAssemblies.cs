using System;
using System.IO;

namespace WriterJobs.Isolation;

/// <summary>The assemblies of the .NET runtime itself (Microsoft.NETCore.App), which every context shares.</summary>
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
