using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Engine.Http;

/// <summary>Reads a response body into memory up to a limit, so a runaway page or a proxy's dump cannot exhaust the session.</summary>
internal static class BoundedBody
{
    private const int ChunkBytes = 81920;

    /// <summary>The body, positioned at its start; null when it is longer than <paramref name="maxBytes"/> (declared or counted).</summary>
    public static async Task<MemoryStream?> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                buffer.Dispose();
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }
}
