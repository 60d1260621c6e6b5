using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Loading;

/// <summary>
/// The Windows PowerShell 5.1 load path on .NET Framework's API (Mono): the module's DesktopDependencyResolver, on
/// AppDomain.AssemblyResolve in a domain of its own, binds the engine and its libraries from the published module's
/// Dependencies/ for an assembly of the module, and leaves another folder's assembly alone.
/// </summary>
public sealed class DesktopDependencyResolverTests
{
    /// <summary>The module folder the build published beside the tests (tests/PublishModuleForTests.targets): its one version folder.</summary>
    private static readonly string PublishedModule = Directory.GetDirectories(Path.Combine(AppDomain.CurrentDomain.BaseDirectory, "module", "WriterJobs")).Single();

    [Fact]
    public async Task An_assembly_in_the_module_folder_gets_the_engine_and_its_libraries_from_Dependencies_and_a_request_works()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var job = scope.Store.Add("app-1", "completed");
        using var domain = ProbeDomain.InModule(PublishedModule);

        domain.Probe.AttachResolver(domain.ModuleFolder);
        var status = domain.Probe.ReadJob(scope.Emulator.BaseUri.AbsoluteUri, EmulatorScope.ApiKey, job.Id.ToString());

        Assert.Equal("completed", status);
        var dependencies = Path.Combine(domain.ModuleFolder, "Dependencies");
        var loaded = domain.Probe.Loaded().Select(entry => entry.Split('|')).ToDictionary(entry => entry[0], entry => entry[1]);
        Assert.All(
            new[] { "WriterJobs.Engine", "Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection", "System.Threading.RateLimiting", "System.Text.Json", "Microsoft.Bcl.TimeProvider" },
            name => Assert.Equal(Path.Combine(dependencies, name + ".dll"), loaded[name]));

        // Nothing the module ships was left to the runtime, nor any of it loaded from elsewhere.
        var shipped = Directory.GetFiles(dependencies, "*.dll").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(domain.Probe.Unanswered(), request => shipped.Contains(request.Split(' ')[0]));
        Assert.Single(scope.Emulator.Requests.Recent, request => request.Path.EndsWith(job.Id.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void An_assembly_outside_the_module_folder_is_left_alone()
    {
        using var domain = ProbeDomain.OutsideModule(PublishedModule);

        domain.Probe.AttachResolver(domain.ModuleFolder);
        var outcome = domain.Probe.ReadJob("http://127.0.0.1:9/", EmulatorScope.ApiKey, Guid.NewGuid().ToString());

        // The engine exists only in the module's Dependencies/: left alone, the request for it fails.
        Assert.StartsWith(nameof(FileNotFoundException), outcome, StringComparison.Ordinal);
        Assert.Contains(domain.Probe.Unanswered(), request => request.StartsWith("WriterJobs.Engine for ", StringComparison.Ordinal) && request.Contains("OtherModule"));
        Assert.DoesNotContain(domain.Probe.Loaded(), entry => entry.StartsWith("WriterJobs.Engine|", StringComparison.Ordinal));
    }
}
