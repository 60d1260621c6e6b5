using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Tests.Support;

/// <summary>
/// A raw HTTP/1.1 server on loopback that keeps the bytes of every request it is sent and answers each with what
/// <c>answer</c> returns (status, JSON): no framework between the client and the test, so nothing is normalized away.
/// </summary>
internal sealed class CapturingServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<CapturedRequest, (int Status, string Json)> answer;
    private readonly ConcurrentQueue<CapturedRequest> requests = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    private CapturingServer(Func<CapturedRequest, (int Status, string Json)> answer)
    {
        this.answer = answer;
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    public IReadOnlyList<CapturedRequest> Requests => requests.ToArray();

    public static CapturingServer Start(Func<CapturedRequest, (int Status, string Json)> answer) => new(answer);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)one[0]);
        }

        return line.Length == 0 ? null : throw new IOException("The connection ended inside a line.");
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                connections.Add(ServeAsync(await listener.AcceptTcpClientAsync(stop.Token)));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(connections);
    }

    // One kept-alive connection: request after request, each read to the end of its declared body and answered.
    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                while (await ReadLineAsync(stream, stop.Token) is { } requestLine)
                {
                    var headers = new List<KeyValuePair<string, string>>();
                    while (await ReadLineAsync(stream, stop.Token) is { Length: > 0 } line)
                    {
                        var colon = line.IndexOf(':', StringComparison.Ordinal);
                        headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
                    }

                    var request = new CapturedRequest(requestLine, headers, []);
                    var length = request.Values("Content-Length") is [var declared] ? int.Parse(declared, CultureInfo.InvariantCulture) : 0;
                    var body = new byte[length];
                    await stream.ReadExactlyAsync(body, stop.Token);
                    request = request with { Body = body };
                    requests.Enqueue(request);

                    var (status, json) = answer(request);
                    var content = Encoding.UTF8.GetBytes(json);
                    var head = $"HTTP/1.1 {status} {(HttpStatusCode)status}\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
                    await stream.WriteAsync(content, stop.Token);
                }
            }
            catch (Exception ended) when (ended is OperationCanceledException or IOException)
            {
            }
        }
    }
}
