using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WriterJobs.Emulator;

/// <summary>
/// The emulator's own paths under /_emulator, for tests in another process: like every diagnostics path they need no
/// key, suffer no fault and are never counted. The read-outs are always served; /_emulator/control/... (what a test in
/// the same process does through <see cref="WriterEmulator.Store"/>, <see cref="WriterEmulator.Faults"/> and
/// <see cref="WriterEmulator.Requests"/>, for the engine's net472 suite on Mono, which cannot host ASP.NET Core) only
/// with <see cref="EmulatorOptions.RemoteControl"/> (<c>--control</c>).
/// </summary>
internal static class ControlEndpoints
{
    public const string DiagnosticsPath = "/_emulator";

    private const string Path = DiagnosticsPath + "/control";

    /// <summary>GET /_emulator/retries (the store's retry totals) and GET /_emulator/requests (the log's counts, in all and per endpoint).</summary>
    public static void MapReadOuts(IEndpointRouteBuilder routes, EmulatorJobStore store, RequestLog requests)
    {
        routes.MapGet(DiagnosticsPath + "/retries", () => Json(store.RetryTotals(), ControlJson.Default.RetryTotals));
        routes.MapGet(DiagnosticsPath + "/requests", () =>
        {
            var counts = new Dictionary<string, int>
            {
                ["total"] = requests.Total,
                ["tooManyRequests"] = requests.TooManyRequests,
                ["cleanCloses"] = requests.CleanCloses,
                ["unanswered"] = requests.Unanswered,
            };
            foreach (var endpoint in Enum.GetValues<EmulatorEndpoint>())
            {
                counts[JsonNamingPolicy.CamelCase.ConvertName(endpoint.ToString())] = requests.ForEndpoint(endpoint);
            }

            return Json(counts, ControlJson.Default.DictionaryStringInt32);
        });
    }

    public static void Map(IEndpointRouteBuilder routes, EmulatorJobStore store, FaultSettings faults, RequestLog requests)
    {
        routes.MapPost(Path + "/jobs", (NewJob body) => Run(() => Json(store.Add(body.ApplicationId, body.Status, body.Error), ControlJson.Default.EmulatorJob)));
        routes.MapGet(Path + "/jobs", (string? applicationId, string? status) => Json(store.Ids(applicationId, status), ControlJson.Default.IReadOnlyListGuid));
        routes.MapGet(Path + "/jobs/{id:guid}", (Guid id) => store.Find(id) is { } job ? Json(job, ControlJson.Default.EmulatorJob) : Results.NotFound());
        routes.MapPost(Path + "/jobs/{id:guid}/gone", (Guid id) => Run(() =>
        {
            store.MarkGone(id);
            return Results.NoContent();
        }));

        // The request's own body and content type become the job's raw answer, byte for byte as the test wrote them.
        routes.MapPut(Path + "/jobs/{id:guid}/body", async (Guid id, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            return Run(() =>
            {
                store.SetRawBody(id, request.ContentType ?? "application/json", body);
                return Results.NoContent();
            });
        });

        // One call changes whichever settings the body names, as one new plan; each FaultSettings member a test uses has its name here.
        routes.MapPost(Path + "/faults", (JsonElement body) => Run(() =>
        {
            faults.Change(plan => Changed(plan, body));
            return Results.NoContent();
        }));
        routes.MapGet(Path + "/requests", () => Json(requests.Recent, ControlJson.Default.IReadOnlyListRecordedRequest));
        routes.MapDelete(Path + "/requests", () =>
        {
            requests.Clear();
            return Results.NoContent();
        });
    }

    private static FaultPlan Changed(FaultPlan plan, JsonElement body)
    {
        foreach (var setting in body.EnumerateObject())
        {
            var value = setting.Value;
            plan = setting.Name switch
            {
                "clear" => FaultPlan.None,
                "global" => plan with { Global = Profile(value) ?? throw new ArgumentException("global needs a profile.") },
                "endpoint" when Enum.Parse<EmulatorEndpoint>(value.GetProperty("name").GetString()!) is var endpoint => plan with
                {
                    PerEndpoint = Profile(value.GetProperty("profile")) is { } profile ? plan.PerEndpoint.SetItem(endpoint, profile) : plan.PerEndpoint.Remove(endpoint),
                },
                "retryAfterMs" => plan with { RetryAfter = TimeSpan.FromMilliseconds(value.GetDouble()) },
                "stallMs" => plan with { StallDuration = TimeSpan.FromMilliseconds(value.GetDouble()) },
                "redirectTo" => plan with { RedirectTarget = value.ValueKind == JsonValueKind.Null ? null : new Uri(value.GetString()!) },
                "forceStatus" when value.Deserialize(ControlJson.Default.ForcedStatusBody) is { } forced =>
                    plan with { Forced = plan.Forced.Add(new ForcedStatus(forced.Status, forced.JobId, forced.Count)) },
                _ => throw new ArgumentException($"Unknown fault setting '{setting.Name}'."),
            };
        }

        return plan;
    }

    // Null for no profile of its own.
    private static FaultProfile? Profile(JsonElement value) => value.Deserialize(ControlJson.Default.ProfileBody)?.ToProfile();

    // A bad control call is the test's mistake: answered 400 with the reason, so the test's failure says it.
    private static IResult Run(Func<IResult> change)
    {
        try
        {
            return change();
        }
        catch (Exception problem) when (problem is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException or UriFormatException or JsonException)
        {
            return Results.Text(problem.Message, "text/plain", Encoding.UTF8, StatusCodes.Status400BadRequest);
        }
    }

    private static IResult Json<T>(T body, JsonTypeInfo<T> type) => WireJson.Result(StatusCodes.Status200OK, body, type);
}
