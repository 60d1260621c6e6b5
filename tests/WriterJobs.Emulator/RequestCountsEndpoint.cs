using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace WriterJobs.Emulator;

/// <summary>
/// GET /_emulator/requests: the request log's counts as JSON, so that a test in another process (Pester) can count what
/// a command sent. The middleware passes every diagnostics path straight through: reading it is never counted and needs no key.
/// </summary>
internal static class RequestCountsEndpoint
{
    public const string Path = JobEndpoints.DiagnosticsPath + "/requests";

    public static Task WriteAsync(HttpContext context, RequestLog log)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("total", log.Total);
            writer.WriteNumber("tooManyRequests", log.TooManyRequests);
            writer.WriteNumber("cleanCloses", log.CleanCloses);
            writer.WriteNumber("unanswered", log.Unanswered);
            foreach (var endpoint in Enum.GetValues<EmulatorEndpoint>())
            {
                writer.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(endpoint.ToString()), log.ForEndpoint(endpoint));
            }

            writer.WriteEndObject();
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).AsTask();
    }
}
