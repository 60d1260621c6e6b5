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
    private WriterApiException? cause;

    public bool IsOpen => Volatile.Read(ref cause) is not null;

    /// <summary>Opens the breaker and returns the error that stops the command: the cause, worded for a whole command.</summary>
    public WriterApiException Open(Uri apiRoot, WriterApiException lastFailure)
    {
        var unreachable = new WriterApiException(
            WriterErrorKind.Unreachable,
            $"The Writer API at {apiRoot.Authority} cannot be reached: {lastFailure.Message.TrimEnd('.')}. Nothing more is sent for this command; the next command tries again.",
            jobId: lastFailure.JobId,
            innerException: lastFailure.InnerException);
        Interlocked.CompareExchange(ref cause, unreachable, null);
        return unreachable;
    }

    /// <summary>Throws, without sending anything, once the breaker is open.</summary>
    public void ThrowIfOpen(Guid? jobId)
    {
        if (Volatile.Read(ref cause) is { } open)
        {
            throw new WriterApiException(WriterErrorKind.Unreachable, $"Not sent: {open.Message}", jobId: jobId);
        }
    }

    /// <summary>Closes the breaker for a new command.</summary>
    public void Close() => Volatile.Write(ref cause, null);
}
