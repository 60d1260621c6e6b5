using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Packaging;

/// <summary>
/// `dotnet pack packaging/WriterJobs.Package.csproj` makes the .nupkg Publish-PSResource would upload: the nuspec
/// and the module folder at the package root, the manifest's metadata, and PowerShellGet's command tags.
/// </summary>
public sealed class GalleryPackageTests : IDisposable
{
    private static readonly string[] PackagingParts = ["_rels/.rels", "[Content_Types].xml", "WriterJobs.nuspec"];

    private readonly string output = Path.Combine(Path.GetTempPath(), "writerjobs-pack-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_package_holds_the_module_folder_at_its_root_with_the_manifest_metadata_and_command_tags()
    {
        var package = Pack();
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName)
            .Where(e => !PackagingParts.Contains(e) && !e.StartsWith("package/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var nuspec = XDocument.Load(zip.GetEntry("WriterJobs.nuspec")!.Open());
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        var manifest = File.ReadAllText(RepositoryFiles.PathOf("WriterJobs.psd1"));
        var tags = Field("tags").Split(' ');

        Assert.Equal($"WriterJobs.{PublishedModule.Version}.nupkg", Path.GetFileName(package));
        Assert.Equal(PublishedModule.Files(), entries);
        Assert.Equal("WriterJobs", Field("id"));
        Assert.Equal(PublishedModule.Version, Field("version"));
        Assert.Equal(ModuleFolderTests.Value(manifest, "Description"), Field("description"));
        Assert.Equal(ModuleFolderTests.Value(manifest, "Author"), Field("authors"));
        Assert.Equal(ModuleFolderTests.Value(manifest, "ProjectUri"), Field("projectUrl"));
        Assert.Equal(ModuleFolderTests.Value(manifest, "LicenseUri"), Field("licenseUrl"));
        Assert.Equal(ModuleFolderTests.Value(manifest, "ReleaseNotes"), Field("releaseNotes"));
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies");
        Assert.Contains("PSModule", tags);
        Assert.Contains("PSIncludes_Cmdlet", tags);
        Assert.Contains("PSEdition_Core", tags);
        foreach (var cmdlet in CmdletMetadata.Read().Cmdlets)
        {
            Assert.Contains("PSCmdlet_" + cmdlet.Name, tags);
            Assert.Contains("PSCommand_" + cmdlet.Name, tags);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private string Pack()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "pack", RepositoryFiles.PathOf("packaging", "WriterJobs.Package.csproj"), "-c", "Release", "-o", output, "-nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        using var process = Process.Start(start)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet pack failed ({process.ExitCode}):\n{log.Result}\n{errors}");
        return Directory.GetFiles(output, "*.nupkg").Single();
    }
}
