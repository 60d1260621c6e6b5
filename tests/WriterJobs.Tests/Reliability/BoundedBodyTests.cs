using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Http;

namespace WriterJobs.Tests.Reliability;

/// <summary>The response size cap holds whether or not the body declares its length, and hands on no byte past it.</summary>
public sealed class BoundedBodyTests
{
    [Theory]
    [InlineData(true, 1000, 999, false)]
    [InlineData(true, 1000, 1000, true)]
    [InlineData(false, 1000, 999, false)]
    [InlineData(false, 1000, 1000, true)]
    [InlineData(false, 300_000, 200_000, false)]
    public async Task A_body_over_the_limit_is_cut_off(bool declaresLength, int bodyBytes, long maxBytes, bool readsIt)
    {
        using var content = new Body(new byte[bodyBytes], declaresLength);

        using var body = BoundedReadStream.Limit(await content.ReadAsStreamAsync(), content.Headers.ContentLength, maxBytes);
        var read = body is null ? -1 : await ReadToEndAsync(body);

        Assert.Equal(readsIt, body is not null && !BoundedReadStream.WasCut(body));
        Assert.True(readsIt ? read == bodyBytes : read <= maxBytes, $"handed on {read} bytes");
    }

    // Counts what the reader is handed, in the small chunks a JSON reader asks for.
    private static async Task<int> ReadToEndAsync(Stream body)
    {
        var chunk = new byte[4096];
        int total = 0, read;
        while ((read = await body.ReadAsync(chunk, CancellationToken.None)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>Content that, like a chunked answer, may not say how long it is.</summary>
    private sealed class Body(byte[] bytes, bool declaresLength) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes, 0, bytes.Length);

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return declaresLength;
        }
    }
}
