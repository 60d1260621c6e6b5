using System;
using System.Collections.Generic;

namespace WriterJobs;

/// <summary>The one exception the engine raises for a failed Writer API call or an input it cannot send.</summary>
/// <remarks>
/// Messages are built from the API's error descriptions, the job ID and, for a proxy's refusal, the proxy's address
/// without its user info: never from headers or other settings, so neither the key nor a proxy password can leak through them.
/// </remarks>
public sealed class WriterApiException : Exception
{
    internal WriterApiException(
        WriterErrorKind kind,
        string message,
        int? statusCode = null,
        IReadOnlyList<string>? descriptions = null,
        string? errorType = null,
        Guid? jobId = null,
        Exception? innerException = null,
        IReadOnlyList<string>? errorKeys = null,
        WriterAdvice advice = WriterAdvice.None)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Descriptions = descriptions ?? Array.Empty<string>();
        ErrorType = errorType;
        JobId = jobId;
        ErrorKeys = errorKeys ?? Array.Empty<string>();
        Advice = advice;
    }

    public WriterErrorKind Kind { get; }

    /// <summary>What the user can do about it; the message states only the fact, and the cmdlets word the advice.</summary>
    internal WriterAdvice Advice { get; }

    /// <summary>The HTTP status the server answered with, when it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The <c>description</c> of each entry of the API's <c>errors[]</c>.</summary>
    public IReadOnlyList<string> Descriptions { get; }

    /// <summary>The <c>key</c> of each entry of the API's <c>errors[]</c>, such as fail.notFound.resource.</summary>
    public IReadOnlyList<string> ErrorKeys { get; }

    /// <summary>The API's <c>tpe</c>, such as NotFound.</summary>
    public string? ErrorType { get; }

    public Guid? JobId { get; }

    /// <summary>True when no later request of the same command can succeed (bad or missing key, a proxy that wants a login, refused transport, the API out of reach, an unusable retry history).
    /// Not a history another run keeps busy: that is said per job, and the other records stay.</summary>
    public bool StopsTheCommand => Kind is WriterErrorKind.Unauthorized or WriterErrorKind.Forbidden or WriterErrorKind.ProxyAuthenticationRequired
        or WriterErrorKind.MissingCredentials or WriterErrorKind.MalformedCredentials or WriterErrorKind.InsecureTransport
        or WriterErrorKind.Unreachable or WriterErrorKind.RetryHistoryInvalid;
}
