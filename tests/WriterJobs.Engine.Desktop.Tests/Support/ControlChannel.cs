using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace WriterJobs.Tests.Support;

/// <summary>
/// Calls the emulator's /_emulator/ endpoints over loopback. The tests read the store and the log synchronously, as
/// they do in process, so each call blocks; a refused call throws with the emulator's reason.
/// </summary>
internal sealed class ControlChannel(Uri baseUri) : IDisposable
{
    private const string JsonType = "application/json";

    private readonly HttpClient http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The parsed answer of a GET; null for 404.</summary>
    public JsonElement? Get(string path) => Send(HttpMethod.Get, path, null);

    public JsonElement? Post(string path, Action<Utf8JsonWriter>? body = null) => Send(HttpMethod.Post, path, body is null ? null : Json(body));

    /// <summary>Sends <paramref name="body"/> with exactly this Content-Type, parameters included.</summary>
    public void Put(string path, string contentType, string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        Send(HttpMethod.Put, path, content);
    }

    public void Delete(string path) => Send(HttpMethod.Delete, path, null);

    public void Dispose() => http.Dispose();

    private static StringContent Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return new StringContent(Encoding.UTF8.GetString(buffer.ToArray()), Encoding.UTF8, JsonType);
    }

    private JsonElement? Send(HttpMethod method, string path, HttpContent? content) =>
        Task.Run(() => SendAsync(method, path, content)).GetAwaiter().GetResult();

    private async Task<JsonElement?> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var text = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound && method == HttpMethod.Get)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The emulator refused {method} {path}: {(int)response.StatusCode} {text}");
        }

        if (text.Length == 0)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
