using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Isolation;
using WriterJobs.Session;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Packaging;

/// <summary>
/// Dependency isolation: the cmdlet assembly reaches its libraries only through the engine, and the engine, loaded the
/// way PowerShell 7 loads it, runs on the module's own copies although this process already has its own.
/// </summary>
public sealed class IsolationTests
{
    [Fact]
    public void The_cmdlet_assembly_references_only_the_engine_the_standard_library_and_PowerShell()
    {
        var references = PublishedModule.References(PublishedModule.PathOf("WriterJobs.dll"));

        Assert.Equal(["System.Management.Automation", "WriterJobs.Engine", "netstandard"], references.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// PowerShell reads a module assembly's public types and their Cmdlet attributes before it runs the assembly's
    /// initializer, which is what points the runtime at Dependencies/: so reading them must not need the engine.
    /// </summary>
    [Fact]
    public void The_cmdlet_assembly_s_types_can_be_read_before_the_engine_can_be_found()
    {
        var context = new EngineRefusingContext();
        try
        {
            var cmdlets = context.LoadFromAssemblyPath(PublishedModule.PathOf("WriterJobs.dll"));
            var types = cmdlets.GetExportedTypes();
            var named = types.Where(type => type.GetCustomAttributes(typeof(System.Management.Automation.CmdletAttribute), inherit: false).Length > 0).ToList();

            Assert.Equal(11, named.Count);
            Assert.Empty(context.Refused);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void No_library_sits_beside_the_cmdlet_assembly()
    {
        var beside = Directory.GetFiles(PublishedModule.Folder, "*.dll").Select(Path.GetFileName);

        Assert.Equal(["WriterJobs.dll"], beside.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_engine_in_the_module_load_context_uses_its_own_Microsoft_Extensions_Http_and_serves_a_real_request()
    {
        // The default context already holds this process's Microsoft.Extensions.Http (the ASP.NET Core framework's copy).
        var theirs = typeof(Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions).Assembly;
        var context = new DependencyLoadContext(PublishedModule.Dependencies);

        var engine = context.LoadFromAssemblyName(new AssemblyName(ModuleResolution.EngineAssemblyName));
        var ours = context.LoadFromAssemblyName(theirs.GetName());

        Assert.Same(context, AssemblyLoadContext.GetLoadContext(engine));
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(ours));
        Assert.NotSame(theirs, ours);
        Assert.Equal(Path.Combine(PublishedModule.Dependencies, "Microsoft.Extensions.Http.dll"), ours.Location);
        Assert.NotSame(typeof(WriterJob).Assembly, engine);

        await using var emulator = await WriterEmulator.StartAsync(new EmulatorOptions { ApiKey = EmulatorScope.ApiKey });
        var seeded = emulator.Store.Add("app-isolated", "failed", "model timeout");
        var job = await GetJobThroughAsync(engine, emulator.BaseUri, seeded.Id);

        Assert.Equal(seeded.Id, job.GetType().GetProperty("Id")!.GetValue(job));
        Assert.Equal("failed", job.GetType().GetProperty("StatusText")!.GetValue(job));
        Assert.Contains(context.Assemblies, a => a.GetName().Name == "Microsoft.Extensions.Http");
    }

    [Theory]
    [InlineData("System.Memory")]
    [InlineData("System.Runtime.CompilerServices.Unsafe")]
    [InlineData("System.Buffers")]
    public void The_runtime_keeps_its_own_polyfilled_assemblies_so_Span_stays_one_type(string name)
    {
        var context = new DependencyLoadContext(PublishedModule.Dependencies);

        Assert.True(File.Exists(Path.Combine(PublishedModule.Dependencies, name + ".dll")));
        Assert.Null(context.PathFor(new AssemblyName(name)));
    }

    [Fact]
    public void The_Windows_PowerShell_resolver_binds_the_module_copy_whatever_version_is_asked()
    {
        using var resolver = new DesktopDependencyResolver(PublishedModule.Dependencies);
        var engine = Path.Combine(PublishedModule.Dependencies, "WriterJobs.Engine.dll");

        Assert.Equal(Path.Combine(PublishedModule.Dependencies, "Microsoft.Extensions.Http.dll"),
            resolver.PathFor(new AssemblyName("Microsoft.Extensions.Http, Version=1.2.3.4, Culture=neutral, PublicKeyToken=adb9793829ddae60"), engine));
        Assert.Null(resolver.PathFor(new AssemblyName("Some.Other.Library"), engine));
    }

    [Theory]
    [InlineData("WriterJobs.dll", "WriterJobs.Engine")]
    [InlineData("Dependencies/WriterJobs.Engine.dll", "Microsoft.Extensions.Http")]
    [InlineData("Dependencies/Microsoft.Extensions.Http.dll", "Microsoft.Extensions.Logging.Abstractions")]
    public void The_Windows_PowerShell_resolver_answers_the_module_own_assemblies(string requester, string requested)
    {
        using var resolver = new DesktopDependencyResolver(PublishedModule.Dependencies);

        Assert.Equal(Path.Combine(PublishedModule.Dependencies, requested + ".dll"),
            resolver.PathFor(new AssemblyName(requested), PublishedModule.PathOf(requester.Split('/'))));
    }

    // Paths relative to the module folder; an empty path is an assembly without a file (emitted, or loaded from bytes).
    [Theory]
    [InlineData("../../../Az.Accounts/2.0.0/Az.Accounts.dll")]
    [InlineData("../0.0.1/WriterJobs.dll")]
    [InlineData("Dependencies/nested/Foreign.dll")]
    [InlineData("")]
    public void The_Windows_PowerShell_resolver_leaves_other_requesters_to_the_runtime(string requester)
    {
        using var resolver = new DesktopDependencyResolver(PublishedModule.Dependencies);
        var path = requester.Length == 0 ? requester : PublishedModule.PathOf(requester.Split('/'));

        Assert.Null(resolver.PathFor(new AssemblyName("Microsoft.Extensions.Http"), path));
    }

    [Fact]
    public void The_Windows_PowerShell_resolver_goes_by_the_name_alone_when_the_runtime_names_no_requester()
    {
        using var resolver = new DesktopDependencyResolver(PublishedModule.Dependencies);

        Assert.NotNull(resolver.PathFor(new AssemblyName("Microsoft.Extensions.Http"), null));
        Assert.Null(resolver.PathFor(new AssemblyName("Some.Other.Library"), null));
    }

    // Only runtime types (string, Guid, Func, Task) cross the boundary, as between PowerShell and the module.
    private static async Task<object> GetJobThroughAsync(Assembly engine, Uri baseUri, Guid id)
    {
        var settingsType = engine.GetType("WriterJobs.Connection.WriterConnectionSettings", throwOnError: true)!;
        Func<string, string?> environment = name => name switch
        {
            "WRITER_API_KEY" => EmulatorScope.ApiKey,
            "WRITER_BASE_URL" => baseUri.ToString(),
            _ => null,
        };
        var settings = settingsType.GetMethod("FromEnvironment")!.Invoke(null, [environment])!;
        var connectionType = engine.GetType("WriterJobs.Connection.WriterConnection", throwOnError: true)!;
        using var connection = (IDisposable)connectionType.GetMethod("Open", [settingsType])!.Invoke(null, [settings])!;
        var client = connectionType.GetMethod("CreateClient")!.Invoke(connection, [null])!;
        var task = (Task)client.GetType().GetMethod("GetJobAsync")!.Invoke(client, [id, CancellationToken.None])!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    /// <summary>Loads the module's files by path, anything else from this process, and refuses the engine (counted).</summary>
    private sealed class EngineRefusingContext() : AssemblyLoadContext("engine refused", isCollectible: true)
    {
        public List<string> Refused { get; } = [];

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == ModuleResolution.EngineAssemblyName)
            {
                Refused.Add(assemblyName.FullName);
                throw new FileNotFoundException("The engine is not reachable before the initializer runs.", assemblyName.Name);
            }

            return null;
        }
    }
}
