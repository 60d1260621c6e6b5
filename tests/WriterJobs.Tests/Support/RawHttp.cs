using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Tests.Support;

/// <summary>
/// Sends bytes as they are to a server and reads one answer, for requests no HttpClient would send: a GET with a body,
/// a control character in a header, a header line of 9 KB.
/// </summary>
internal static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, string request, bool headRequest = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();

        // Latin-1 keeps each char one byte, so a test can write any byte (a control character, a UTF-8 sequence) as a char.
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new IOException($"The server closed the connection after {received.Length} bytes, before the end of an answer's headers.");
            }

            received.Write(buffer, 0, read);
        }

        var head = Encoding.Latin1.GetString(received.GetBuffer(), 0, headEnd).Split("\r\n");
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in head[1..])
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        var response = new RawResponse(int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture), headers, string.Empty);
        var length = headRequest ? 0 : int.Parse(response.Header("Content-Length") ?? "0", CultureInfo.InvariantCulture);
        var bodyStart = headEnd + 4;
        while (received.Length - bodyStart < length)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        return response with { Body = Encoding.UTF8.GetString(received.GetBuffer(), bodyStart, (int)Math.Min(length, received.Length - bodyStart)) };
    }

    private static int IndexOfBlankLine(MemoryStream received) =>
        received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8);
}
