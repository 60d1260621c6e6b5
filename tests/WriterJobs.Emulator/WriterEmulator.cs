using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WriterJobs.Emulator.FrontEnd;

namespace WriterJobs.Emulator;

/// <summary>
/// An in-memory Writer jobs API on a real loopback port: tests start one per test (port 0), the
/// console entry point runs one until Ctrl+C.
/// </summary>
public sealed class WriterEmulator : IAsyncDisposable
{
    /// <summary>The largest request body the emulator reads: larger ones are answered 413.</summary>
    public const int MaxRequestBodyBytes = 1024 * 1024;

    private readonly WebApplication app;
    private int disposed;

    private WriterEmulator(WebApplication app, Uri baseUri, EmulatorOptions options, EmulatorApplicationStore applications, EmulatorJobStore store, FaultSettings faults, RequestLog requests)
    {
        this.app = app;
        BaseUri = baseUri;
        Options = options;
        Applications = applications;
        Store = store;
        Faults = faults;
        Requests = requests;
    }

    /// <summary>The address actually bound, ending in a slash, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUri { get; }

    public EmulatorOptions Options { get; }

    public EmulatorApplicationStore Applications { get; }

    public EmulatorJobStore Store { get; }

    public FaultSettings Faults { get; }

    public RequestLog Requests { get; }

    /// <summary>Seeds the jobs, starts Kestrel and returns once it is listening.</summary>
    public static async Task<WriterEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // A bare LF ending a line is refused (400) as CRLF-only front ends do. Kestrel reads this switch for the whole
        // process, so a lenient emulator refuses it too; no test needs a bare LF to pass.
        AppContext.SetSwitch("Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators", true);

        // The empty builder reads no appsettings, environment or command line: a test's surroundings cannot leak in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(options.Url).ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            if (options.Strict)
            {
                StrictFrontEnd.Limit(kestrel.Limits);
            }
        });

        builder.Services.AddRoutingCore();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ControlJson.Default));
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        var applications = new EmulatorApplicationStore(options);
        var store = new EmulatorJobStore(options, applications);
        var faults = new FaultSettings(options.Seed, options.Faults);
        var requests = new RequestLog();
        var middleware = new EmulatorMiddleware(options, faults, requests, app.Lifetime.ApplicationStopping);
        app.UseRouting();
        app.Use(middleware.InvokeAsync);
        JobEndpoints.Map(app, store, applications, options);
        ApplicationEndpoints.Map(app, applications);
        ControlEndpoints.MapReadOuts(app, store, requests);
        if (options.RemoteControl)
        {
            ControlEndpoints.Map(app, store, faults, requests);
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new WriterEmulator(app, new Uri(address.TrimEnd('/') + "/"), options, applications, store, faults, requests);
    }

    /// <summary>Stops listening; stalled requests are cut short. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
