using System.Net.Http;

namespace WriterJobs.Http;

/// <summary>How a log line names a request.</summary>
internal static class RequestLine
{
    /// <summary>Method and path, never headers or the query.</summary>
    public static string Describe(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";
}
