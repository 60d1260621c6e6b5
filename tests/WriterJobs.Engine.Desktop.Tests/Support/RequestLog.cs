using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WriterJobs.Emulator;

namespace WriterJobs.Tests.Support;

/// <summary>Stands in for the emulator's RequestLog in the net472 suite: counts from /_emulator/requests, the requests themselves from the control endpoint.</summary>
internal sealed class RequestLog(ControlChannel control)
{
    private const string Recorded = "_emulator/control/requests";

    public int Total => Count("total");

    public int TooManyRequests => Count("tooManyRequests");

    public int CleanCloses => Count("cleanCloses");

    public int Unanswered => Count("unanswered");

    public IReadOnlyList<RecordedRequest> Recent => control.Get(Recorded)!.Value.EnumerateArray().Select(request =>
        new RecordedRequest(
            request.GetProperty("method").GetString()!,
            request.GetProperty("path").GetString()!,
            request.GetProperty("hadAuthorization").GetBoolean(),
            request.GetProperty("statusCode").GetInt32())
        {
            AcceptedGzip = request.GetProperty("acceptedGzip").GetBoolean(),
            ArrivedAt = request.GetProperty("arrivedAt").GetDateTimeOffset(),
        }).ToList();

    public int ForEndpoint(EmulatorEndpoint endpoint) => Count(JsonNamingPolicy.CamelCase.ConvertName(endpoint.ToString()));

    public void Clear() => control.Delete(Recorded);

    private int Count(string name) => control.Get("_emulator/requests")!.Value.GetProperty(name).GetInt32();
}
