using System.Net.Http;

namespace WriterJobs.Engine.Http;

/// <summary>Where a handler reports on a request, and how it names one.</summary>
internal static class RequestLog
{
    public static IWriterLog Of(HttpRequestMessage request) => request is WriterRequest sent ? sent.Log : NullWriterLog.Instance;

    /// <summary>What a log line says of a request: method and path, never headers.</summary>
    public static string Describe(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";
}
