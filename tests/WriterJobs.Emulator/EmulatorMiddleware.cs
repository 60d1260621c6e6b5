using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using WriterJobs.Emulator.FrontEnd;

namespace WriterJobs.Emulator;

/// <summary>
/// Everything between Kestrel and the endpoints: the request log, the strict front end's refusals, the redirect, the auth
/// check, then (for authorised requests only) forced statuses, the quota, latency and faults.
/// </summary>
internal sealed class EmulatorMiddleware(EmulatorOptions options, FaultSettings faults, RequestLog log, CancellationToken stopping)
{
    private const string HtmlErrorPage =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    // Marks a request whose connection this middleware drops, with true for a clean close and false for a reset. The
    // drop happens only once the request is logged, so a client that sees it finds the request in the log.
    private static readonly object DropMarker = new();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments(ControlEndpoints.DiagnosticsPath, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var arrivedAt = options.Clock.GetUtcNow();
        var arrivedTicks = options.Clock.GetTimestamp();
        var endpoint = context.GetEndpoint()?.Metadata.GetMetadata<EndpointTag>()?.Endpoint;
        var recorded = 0;
        FrontEndRule? refusedBy = null;
        void Record(int status, bool closedCleanly = false)
        {
            if (Interlocked.Exchange(ref recorded, 1) == 0)
            {
                log.Record(endpoint, new RecordedRequest(
                    context.Request.Method, context.Request.Path.Value ?? "/", context.Request.Headers.Authorization.Count > 0, status)
                {
                    AcceptedGzip = context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase),
                    ArrivedAt = arrivedAt,
                    ClosedCleanly = closedCleanly,
                    RefusedBy = refusedBy,
                });
            }
        }

        // Logged as the answer starts, before the client can see it: a test that reads the log after its call returns
        // must find the call there.
        context.Response.OnStarting(() =>
        {
            Record(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            // In front of everything, as a load balancer or CDN stands in front of the API.
            refusedBy = options.Strict ? StrictFrontEnd.Check(context) : null;
            await (refusedBy is { } rule ? FrontEndPage.WriteAsync(context, rule) : HandleAsync(context, next, endpoint, arrivedTicks));
        }
        finally
        {
            // A dropped request (a reset or close fault, or the client gave up) never started an answer: logged with status 0.
            var dropped = context.Items.TryGetValue(DropMarker, out var cleanly);
            Record(dropped || context.RequestAborted.IsCancellationRequested ? 0 : context.Response.StatusCode, dropped && cleanly is true);
            if (dropped)
            {
                Drop(context, cleanly is true);
            }
        }
    }

    // Lets the endpoint do its work and write its answer into memory, out of the client's sight.
    private static async Task<byte[]> RunBufferedAsync(HttpContext context, RequestDelegate next)
    {
        var real = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next(context);
        context.Features.Set(real);
        return buffer.ToArray();
    }

    private static async Task MalformedBodyAsync(HttpContext context, RequestDelegate next)
    {
        // Half of the real answer, never a complete JSON document.
        var answer = await RunBufferedAsync(context, next);
        var cut = answer.Length > 1 ? answer.AsMemory(0, answer.Length / 2) : "{"u8.ToArray();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = cut.Length;
        await context.Response.Body.WriteAsync(cut, context.RequestAborted);
    }

    private async Task StallMidBodyAsync(HttpContext context, RequestDelegate next, TimeSpan stall)
    {
        // The whole answer announced, half of it sent and flushed, the rest never: the client has its headers.
        var answer = await RunBufferedAsync(context, next);
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer.AsMemory(0, answer.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        if (await DelayAsync(context, stall))
        {
            Reset(context);
        }
    }

    private async Task HandleAsync(HttpContext context, RequestDelegate next, EmulatorEndpoint? endpoint, long arrivedTicks)
    {
        var plan = faults.Plan;
        if (plan.RedirectTarget is { } target)
        {
            var relative = context.Request.Path.ToUriComponent().TrimStart('/') + context.Request.QueryString.ToUriComponent();
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = new Uri(target, relative).AbsoluteUri;
            return;
        }

        if (BearerCredentials.Refusal(context.Request, options) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        if (faults.TakeForcedStatus(JobEndpoints.RouteJobId(context)) is { } forced)
        {
            var description = $"Status {forced} forced by the emulator.";
            var result = forced == StatusCodes.Status429TooManyRequests
                ? WriterErrors.TooManyRequests(context.Response, plan.RetryAfter, description)
                : WriterErrors.Result(forced, description);
            await result.ExecuteAsync(context);
            return;
        }

        if (plan.Quota?.Take(options.Clock.GetUtcNow()) is { } wait)
        {
            await WriterErrors.TooManyRequests(context.Response, wait, "The request quota is exhausted; retry later.").ExecuteAsync(context);
            return;
        }

        var latency = plan.ProfileFor(endpoint).Latency;
        var fault = faults.Draw(plan, endpoint);
        if (latency > TimeSpan.Zero && !await DelayAsync(context, latency, arrivedTicks))
        {
            return;
        }

        switch (fault)
        {
            case null:
                await next(context);
                break;
            case FaultKind.TooManyRequests:
                await WriterErrors.TooManyRequests(context.Response, plan.RetryAfter, "Too many requests (emulated fault).").ExecuteAsync(context);
                break;
            case FaultKind.InternalServerError or FaultKind.BadGateway or FaultKind.ServiceUnavailable:
                var status = fault is FaultKind.InternalServerError ? 500 : fault is FaultKind.BadGateway ? 502 : 503;
                await WriterErrors.Result(status, $"{ReasonPhrases.GetReasonPhrase(status)} (emulated fault).").ExecuteAsync(context);
                break;
            case FaultKind.ResetBeforeResponse or FaultKind.CloseBeforeWork:
                context.Items[DropMarker] = fault is FaultKind.CloseBeforeWork;
                break;
            case FaultKind.ResetAfterWork or FaultKind.CloseAfterWork:
                // The work happens, the answer is lost: the client cannot tell whether it took effect.
                await RunBufferedAsync(context, next);
                context.Items[DropMarker] = fault is FaultKind.CloseAfterWork;
                break;
            case FaultKind.Stall:
                if (await DelayAsync(context, plan.StallDuration))
                {
                    await next(context);
                }

                break;
            case FaultKind.StallMidBody:
                await StallMidBodyAsync(context, next, plan.StallDuration);
                break;
            case FaultKind.ApplyLate:
                // Not cut short by the client going away: the work happens after it gave up.
                await Task.Delay(plan.StallDuration, options.Clock, stopping);
                await RunBufferedAsync(context, next);
                Reset(context);
                break;
            case FaultKind.MalformedBody:
                await MalformedBodyAsync(context, next);
                break;
            case FaultKind.HtmlErrorPage:
                await Results.Text(HtmlErrorPage, "text/html", Encoding.UTF8, StatusCodes.Status502BadGateway).ExecuteAsync(context);
                break;
            default:
                throw new InvalidOperationException($"Unhandled fault kind {fault}.");
        }
    }

    // Waits on the clock, cut short by the client going away or the emulator stopping; false (and the connection dropped)
    // when cut short. A wait given `since` (the request's arrival) counts from then, so the emulator's own work is not
    // added on top.
    private async Task<bool> DelayAsync(HttpContext context, TimeSpan delay, long? since = null)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            var left = since is { } start ? delay - options.Clock.GetElapsedTime(start) : delay;
            await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, options.Clock, cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Reset(context);
            return false;
        }
    }

    private static void Reset(HttpContext context) => context.Items[DropMarker] = false;

    // A clean close is a FIN with no byte of an answer before it; the abort after it only makes Kestrel let go of the
    // connection, whose end the client has already read.
    private static void Drop(HttpContext context, bool cleanly)
    {
        if (cleanly)
        {
            var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket
                ?? throw new InvalidOperationException("A clean close needs Kestrel's socket transport.");
            socket.Shutdown(SocketShutdown.Send);
        }

        context.Abort();
    }
}
