using System;
using System.IO;

namespace WriterJobs.Tests.Loading;

/// <summary>
/// A fresh AppDomain, as Windows PowerShell 5.1's process is to the module: its base folder is an empty one of its own,
/// so nothing of the module is found by probing, and <see cref="ResolverProbe"/> runs in it from a copy of this test
/// assembly placed where the test says. Disposing unloads the domain and deletes the folders.
/// </summary>
internal sealed class ProbeDomain : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "writerjobs-desktop-" + Guid.NewGuid().ToString("N"));
    private readonly AppDomain domain;

    private ProbeDomain(Func<string, string> probeFolder)
    {
        var host = Directory.CreateDirectory(Path.Combine(root, "host")).FullName;
        var folder = probeFolder(root);
        var testAssembly = typeof(ResolverProbe).Assembly.Location;
        var copy = Path.Combine(folder, Path.GetFileName(testAssembly));
        File.Copy(testAssembly, copy);
        domain = AppDomain.CreateDomain("WriterJobs on Windows PowerShell 5.1", null, new AppDomainSetup { ApplicationBase = host });
        Probe = (ResolverProbe)domain.CreateInstanceFromAndUnwrap(copy, typeof(ResolverProbe).FullName!);
    }

    public ResolverProbe Probe { get; }

    /// <summary>The published module folder, copied, with the probe in its root beside the cmdlet assembly.</summary>
    public string ModuleFolder => Path.Combine(root, "WriterJobs");

    /// <summary>The probe inside a copy of the published module folder.</summary>
    public static ProbeDomain InModule(string publishedModule) => new(root =>
    {
        var module = Path.Combine(root, "WriterJobs");
        Copy(publishedModule, module);
        return module;
    });

    /// <summary>The probe in a folder of its own, outside the module, beside a copy of the published module.</summary>
    public static ProbeDomain OutsideModule(string publishedModule) => new(root =>
    {
        Copy(publishedModule, Path.Combine(root, "WriterJobs"));
        return Directory.CreateDirectory(Path.Combine(root, "OtherModule")).FullName;
    });

    public void Dispose()
    {
        AppDomain.Unload(domain);
        Directory.Delete(root, recursive: true);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, file.Substring(from.Length + 1));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
