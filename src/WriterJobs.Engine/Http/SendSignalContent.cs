using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Http;

/// <summary>
/// An empty body (Content-Length: 0) that notes when the handler starts writing it: after the connection is made and the
/// request headers are written out. Until then, a request cut short (Ctrl+C, its timeout while connecting) certainly
/// never left, and a retry budget can have it back.
/// </summary>
internal sealed class SendSignalContent : HttpContent
{
    private int started;

    public SendSignalContent() => Headers.ContentLength = 0;

    public bool Started => Volatile.Read(ref started) != 0;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        Volatile.Write(ref started, 1);
        return Task.CompletedTask;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return true;
    }
}
