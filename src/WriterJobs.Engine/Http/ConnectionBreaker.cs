using System;
using System.Threading;

namespace WriterJobs.Http;

/// <summary>
/// Fail fast when the API cannot be reached: once one call of the connection has spent all its attempts without
/// reaching the server (refused, no such host, a failed TLS handshake), every other call of the same command fails at
/// once instead of running its own attempts. Per-item answers (404, 400, any status at all) never open it, and the next
/// command closes it again, so it probes the API afresh.
/// </summary>
internal sealed class ConnectionBreaker
{
    private WriterApiException? opened;

    /// <summary>
    /// Opens the breaker and returns the error that stops the command: the cause, worded for a whole command. It names
    /// the host once and the job whose request failed, which is also its job ID (the error's target).
    /// </summary>
    public WriterApiException Open(Uri apiRoot, string requestLine, Exception failure, Guid? jobId)
    {
        if (apiRoot is null || failure is null)
        {
            throw new ArgumentNullException(apiRoot is null ? nameof(apiRoot) : nameof(failure));
        }

        // .NET ends a socket error with the endpoint, "Connection refused (127.0.0.1:9)": the message names it up front.
        var authority = apiRoot.Authority;
        var cause = failure.Message.Replace($" ({authority})", string.Empty).Replace($"({authority})", string.Empty).Trim().TrimEnd('.');
        var unreachable = new WriterApiException(
            WriterErrorKind.Unreachable,
            $"The Writer API at {authority} cannot be reached ({requestLine}): {cause}. Nothing more is sent for this command; the next command tries again.",
            jobId: jobId,
            innerException: failure);
        Interlocked.CompareExchange(ref opened, unreachable, null);
        return unreachable;
    }

    /// <summary>
    /// Throws, without sending anything, once the breaker is open: the error that opened it, as it was, so whichever
    /// item's error stops the command says the one reason and names the job it is about.
    /// </summary>
    public void ThrowIfOpen()
    {
        if (Volatile.Read(ref opened) is { } open)
        {
            throw new WriterApiException(WriterErrorKind.Unreachable, open.Message, jobId: open.JobId, innerException: open.InnerException);
        }
    }

    /// <summary>Closes the breaker for a new command.</summary>
    public void Close() => Volatile.Write(ref opened, null);
}
