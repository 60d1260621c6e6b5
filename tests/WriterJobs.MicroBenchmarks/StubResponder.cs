using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.MicroBenchmarks;

/// <summary>
/// Answers every request at once with the emulator's 200 for one job, headers stored raw as the network handler stores
/// them (parsed only when read), so header reads cost here what they cost on the wire.
/// </summary>
internal sealed class StubResponder : HttpMessageHandler
{
    public const string JobId = "6f1e8c7a-3b2d-4e5f-9a1b-2c3d4e5f6a7b";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        "{\"id\":\"" + JobId + "\",\"status\":\"completed\",\"application_id\":\"app-benchmark\"," +
        "\"created_at\":\"2026-11-23T18:00:00.123+00:00\",\"updated_at\":\"2026-11-23T18:00:05.456+00:00\"," +
        "\"completed_at\":\"2026-11-23T18:00:05.456+00:00\",\"data\":{\"title\":\"Quarterly summary\",\"suggestion\":\"A short text.\"}}");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(Body) };
        response.Headers.TryAddWithoutValidation("Date", "Mon, 23 Nov 2026 18:00:05 GMT");
        response.Headers.TryAddWithoutValidation("Server", "Kestrel");
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        response.Content.Headers.TryAddWithoutValidation("Content-Length", Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.FromResult(response);
    }
}
