using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Http;

/// <summary>
/// A response body read straight into the JSON reader, cut off at a limit so a runaway page or a proxy's dump cannot
/// exhaust the session. Past the limit it reports the end of the stream and sets <see cref="Exceeded"/>: the reader
/// then fails on truncated JSON and the caller tells that failure apart. No copy of the body is made.
/// </summary>
internal sealed class BoundedReadStream : Stream
{
    private readonly Stream inner;
    private readonly long maxBytes;
    private long readBytes;

    private BoundedReadStream(Stream inner, long maxBytes)
    {
        this.inner = inner;
        this.maxBytes = maxBytes;
    }

    /// <summary>True once the body turned out longer than the limit.</summary>
    public bool Exceeded { get; private set; }

    /// <summary>
    /// The body to read within the limit: null when its declared length is over it; the stream itself when it declares
    /// a length within it (the network stream ends there); otherwise, as for a chunked answer, counted as it is read.
    /// </summary>
    public static Stream? Limit(Stream body, long? declaredLength, long maxBytes) =>
        declaredLength is { } length ? (length <= maxBytes ? body : null) : new BoundedReadStream(body, maxBytes);

    /// <summary>True when the reader stopped at the limit, not at the body's end.</summary>
    public static bool WasCut(Stream body) => body is BoundedReadStream { Exceeded: true };

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => readBytes;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, Allowed(count)));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer, offset, Allowed(count), cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // One byte more than the limit may be asked for, so that a body of exactly the limit is told apart from a longer one.
    private int Allowed(int count) => Exceeded ? 0 : (int)Math.Min(count, maxBytes - readBytes + 1);

    private int Count(int read)
    {
        readBytes += read;
        Exceeded |= readBytes > maxBytes;
        return Exceeded ? 0 : read;
    }
}
