using System.Net.Http;

namespace WriterJobs.Engine.Http;

/// <summary>Carries the caller's log on each request, so handlers shared by a whole connection report to the command that sent it.</summary>
internal static class RequestLog
{
    private const string Key = "WriterJobs.Log";

    public static void Attach(HttpRequestMessage request, IWriterLog log) => request.Properties[Key] = log;

    public static IWriterLog Of(HttpRequestMessage request) =>
        request.Properties.TryGetValue(Key, out var log) && log is IWriterLog writerLog ? writerLog : NullWriterLog.Instance;

    /// <summary>What a log line says of a request: method and path, never headers.</summary>
    public static string Describe(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";
}
