using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Engine.Http;

namespace WriterJobs.Tests.Reliability;

/// <summary>The response size cap holds whether or not the body declares its length.</summary>
public sealed class BoundedBodyTests
{
    [Theory]
    [InlineData(true, 1000, 999, false)]
    [InlineData(true, 1000, 1000, true)]
    [InlineData(false, 1000, 999, false)]
    [InlineData(false, 1000, 1000, true)]
    [InlineData(false, 300_000, 200_000, false)]
    public async Task A_body_over_the_limit_is_not_read(bool declaresLength, int bodyBytes, long maxBytes, bool readsIt)
    {
        using var content = new Body(new byte[bodyBytes], declaresLength);

        using var body = await BoundedBody.ReadAsync(content, maxBytes, CancellationToken.None);

        Assert.Equal(readsIt, body is not null);
        Assert.True(body is null || body.Length == bodyBytes);
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
