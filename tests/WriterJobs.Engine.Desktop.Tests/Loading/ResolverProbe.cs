using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using WriterJobs.Connection;

namespace WriterJobs.Tests.Loading;

/// <summary>
/// Runs in an AppDomain of its own, from a copy of this test assembly: placed in the module folder it stands for the
/// cmdlet assembly, placed elsewhere for another module's code. Only <see cref="ReadJobThroughTheEngine"/> names an
/// engine type, so the engine is bound when that method is compiled, with this assembly as the requester.
/// </summary>
public sealed class ResolverProbe : MarshalByRefObject
{
    private const string ThroughTheProxy = "Called through the cross-domain proxy, which calls instance members only.";

    private readonly List<string> unanswered = [];

    /// <summary>What the module's initializer does on Windows PowerShell 5.1: a DesktopDependencyResolver on the module's Dependencies/.</summary>
    public void AttachResolver(string moduleFolder)
    {
        var cmdlets = Assembly.LoadFrom(Path.Combine(moduleFolder, "WriterJobs.dll"));
        var type = cmdlets.GetType("WriterJobs.Session.DesktopDependencyResolver", throwOnError: true)!;
        // Its constructor registers it on AppDomain.AssemblyResolve; unloading the domain ends it.
        _ = Activator.CreateInstance(type, Path.Combine(moduleFolder, "Dependencies"));

        // Added after the resolver, so it sees only the requests the resolver left alone.
        AppDomain.CurrentDomain.AssemblyResolve += (_, request) =>
        {
            lock (unanswered)
            {
                unanswered.Add($"{new AssemblyName(request.Name).Name} for {request.RequestingAssembly?.Location ?? "(no requester)"}");
            }

            return null;
        };
    }

    /// <summary>"name for requester path" of each request no handler answered.</summary>
    public string[] Unanswered()
    {
        lock (unanswered)
        {
            return [.. unanswered];
        }
    }

    /// <summary>"name|file" of every assembly loaded in this domain.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = ThroughTheProxy)]
    public string[] Loaded() => AppDomain.CurrentDomain.GetAssemblies()
        .Where(assembly => !assembly.IsDynamic)
        .Select(assembly => $"{assembly.GetName().Name}|{assembly.Location}")
        .ToArray();

    /// <summary>The job's status as the engine read it, or the type and message of what stopped it, as text that crosses domains.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = ThroughTheProxy)]
    public string ReadJob(string baseUri, string apiKey, string jobId)
    {
        try
        {
            return ReadJobThroughTheEngine(baseUri, apiKey, jobId);
        }
        catch (Exception problem)
        {
            return $"{problem.GetType().Name}: {problem.Message}";
        }
    }

    public override object? InitializeLifetimeService() => null;

    // Not inlined: the JIT binds the engine when it compiles this method, inside ReadJob's try.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string ReadJobThroughTheEngine(string baseUri, string apiKey, string jobId)
    {
        var settings = new WriterConnectionSettings { BaseUri = new Uri(baseUri), ApiKey = SecretText.Protect(apiKey) };
        using var connection = WriterConnection.Open(settings);
        return connection.CreateClient().GetJobAsync(Guid.Parse(jobId)).GetAwaiter().GetResult().StatusText;
    }
}
