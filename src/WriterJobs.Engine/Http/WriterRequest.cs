using System.Net.Http;

namespace WriterJobs.Engine.Http;

/// <summary>
/// A request that carries the log of the command that sent it, so handlers shared by a whole connection report to
/// that command. A field, not an entry in the request's property bag, which would cost a dictionary a request.
/// </summary>
internal sealed class WriterRequest : HttpRequestMessage
{
    public WriterRequest(HttpMethod method, string url, IWriterLog log)
        : base(method, url)
    {
        Log = log;
    }

    public IWriterLog Log { get; }
}
