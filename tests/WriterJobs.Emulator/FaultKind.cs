namespace WriterJobs.Emulator;

/// <summary>A way a request can go wrong, as a client of the real API may see it.</summary>
public enum FaultKind
{
    /// <summary>429 with <c>Retry-After</c> (seconds) and <c>retry-after-ms</c>.</summary>
    TooManyRequests,

    /// <summary>500 in Writer's error shape.</summary>
    InternalServerError,

    /// <summary>502 in Writer's error shape.</summary>
    BadGateway,

    /// <summary>503 in Writer's error shape.</summary>
    ServiceUnavailable,

    /// <summary>The connection is aborted before the request does anything.</summary>
    ResetBeforeResponse,

    /// <summary>The request takes effect, then the connection is aborted: the lost response.</summary>
    ResetAfterWork,

    /// <summary>
    /// The connection is closed cleanly (FIN, no reset) before the request does anything and before any byte of an
    /// answer: what an idle keep-alive timeout at a server or proxy looks like to the client.
    /// </summary>
    CloseBeforeWork,

    /// <summary>
    /// The request takes effect, then the connection is closed cleanly without any byte of the answer: the lost
    /// response that .NET's connection pool mistakes for a stale kept-alive connection and may send again by itself.
    /// </summary>
    CloseAfterWork,

    /// <summary>The request is held for <see cref="FaultSettings.StallDuration"/>, then answered normally.</summary>
    Stall,

    /// <summary>
    /// The request takes effect; its answer's headers and half its body are sent, then nothing for
    /// <see cref="FaultSettings.StallDuration"/>, then the connection is reset: a proxy or load balancer stalling mid-body.
    /// </summary>
    StallMidBody,

    /// <summary>
    /// The request is held for <see cref="FaultSettings.StallDuration"/> whatever the client does, and then takes effect
    /// and the connection is reset: a server that applies a retry after the client's timeout gave up on it.
    /// </summary>
    ApplyLate,

    /// <summary>The request takes effect and is answered 200 with truncated JSON.</summary>
    MalformedBody,

    /// <summary>502 with an HTML page, as a proxy in front of the API would send.</summary>
    HtmlErrorPage,
}
