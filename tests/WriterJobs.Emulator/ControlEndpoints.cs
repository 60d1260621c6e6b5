using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WriterJobs.Emulator;

/// <summary>
/// /_emulator/control/...: what a test in the same process does through <see cref="WriterEmulator.Store"/>,
/// <see cref="WriterEmulator.Faults"/> and <see cref="WriterEmulator.Requests"/>, for a test in another process (the
/// engine's net472 suite on Mono, which cannot host ASP.NET Core). Served only with <see cref="EmulatorOptions.RemoteControl"/>
/// (<c>--control</c>); like every diagnostics path it needs no key, suffers no fault and is never counted.
/// </summary>
internal static class ControlEndpoints
{
    public const string Path = JobEndpoints.DiagnosticsPath + "/control";

    public static void Map(IEndpointRouteBuilder routes, EmulatorJobStore store, FaultSettings faults, RequestLog requests)
    {
        routes.MapPost(Path + "/jobs", (JsonElement body) => Run(() =>
        {
            var job = store.Add(body.GetProperty("applicationId").GetString()!, body.GetProperty("status").GetString()!, OptionalString(body, "error"));
            return Json(writer => WriteJob(writer, job, store));
        }));
        routes.MapGet(Path + "/jobs", (string? applicationId, string? status) =>
            Json(writer => WriteArray(writer, store.Ids(applicationId, status), (w, id) => w.WriteStringValue(id))));
        routes.MapGet(Path + "/jobs/{id:guid}", (Guid id) =>
            store.Find(id) is { } job ? Json(writer => WriteJob(writer, job, store)) : Results.NotFound());
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
        routes.MapGet(Path + "/requests", () => Json(writer => WriteArray(writer, requests.Recent, WriteRequest)));
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
                "forceStatus" => plan with
                {
                    Forced = plan.Forced.Add(new ForcedStatus(
                        value.GetProperty("status").GetInt32(),
                        OptionalString(value, "jobId") is { } job ? Guid.Parse(job) : null,
                        value.TryGetProperty("count", out var count) ? count.GetInt32() : int.MaxValue)),
                },
                _ => throw new ArgumentException($"Unknown fault setting '{setting.Name}'."),
            };
        }

        return plan;
    }

    // {"latencyMs": 0, "faultRate": 0.2, "mix": {"TooManyRequests": 1, ...}}; null for no profile of its own.
    private static FaultProfile? Profile(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : new FaultProfile
    {
        Latency = TimeSpan.FromMilliseconds(value.TryGetProperty("latencyMs", out var latency) ? latency.GetDouble() : 0),
        FaultRate = value.GetProperty("faultRate").GetDouble(),
        Mix = value.GetProperty("mix").EnumerateObject().ToDictionary(kind => Enum.Parse<FaultKind>(kind.Name), kind => kind.Value.GetDouble()),
    };

    private static string? OptionalString(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;

    // A bad control call is the test's mistake: answered 400 with the reason, so the test's failure says it.
    private static IResult Run(Func<IResult> change)
    {
        try
        {
            return change();
        }
        catch (Exception problem) when (problem is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException or UriFormatException)
        {
            return Results.Text(problem.Message, "text/plain", Encoding.UTF8, StatusCodes.Status400BadRequest);
        }
    }

    // Every member of the snapshot a test reads, the internal counters included; times round-trip exactly.
    private static void WriteJob(Utf8JsonWriter writer, EmulatorJob job, EmulatorJobStore store)
    {
        writer.WriteStartObject();
        writer.WriteString("id", job.Id);
        writer.WriteString("applicationId", job.ApplicationId);
        writer.WriteString("status", job.Status);
        writer.WriteString("createdAt", job.CreatedAt);
        WriteOptional(writer, "updatedAt", job.UpdatedAt);
        WriteOptional(writer, "completedAt", job.CompletedAt);
        writer.WriteString("title", job.Title);
        writer.WriteString("suggestion", job.Suggestion);
        writer.WriteString("error", job.Error);
        writer.WriteBoolean("gone", job.Gone);
        writer.WriteNumber("retryTriggers", store.RetryTriggers(job.Id));
        writer.WriteNumber("retryRejections", store.RetryRejections(job.Id));
        writer.WriteEndObject();
    }

    private static void WriteRequest(Utf8JsonWriter writer, RecordedRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("method", request.Method);
        writer.WriteString("path", request.Path);
        writer.WriteBoolean("hadAuthorization", request.HadAuthorization);
        writer.WriteNumber("statusCode", request.StatusCode);
        writer.WriteBoolean("acceptedGzip", request.AcceptedGzip);
        writer.WriteString("arrivedAt", request.ArrivedAt);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteArray<T>(Utf8JsonWriter writer, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            write(writer, item);
        }

        writer.WriteEndArray();
    }

    private static IResult Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Results.Bytes(buffer.WrittenSpan.ToArray(), "application/json; charset=utf-8");
    }
}
