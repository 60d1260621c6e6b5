using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Packaging;

/// <summary>The module folder the test build publishes (see PublishModuleForTests in the test project), and what its assemblies reference.</summary>
internal static class PublishedModule
{
    public static string Version { get; } = ReadVersion();

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "module", "WriterJobs", Version);

    public static string Dependencies => Path.Combine(Folder, "Dependencies");

    public static string PathOf(params string[] parts) => Path.Combine([Folder, .. parts]);

    /// <summary>Every file, relative to the module folder, with '/' separators.</summary>
    public static IReadOnlyList<string> Files() =>
        Directory.GetFiles(Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    /// <summary>The names of the assemblies an assembly file references, read from its metadata without loading it.</summary>
    public static IReadOnlyList<string> References(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
    }

    private static string ReadVersion()
    {
        var props = File.ReadAllText(RepositoryFiles.PathOf("Directory.Build.props"));
        var match = System.Text.RegularExpressions.Regex.Match(props, "<Version>([^<]+)</Version>");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("Directory.Build.props has no <Version>.");
    }
}
