namespace WriterJobs;

/// <summary>What went wrong, in words that do not depend on PowerShell; the cmdlets map each to an ErrorId and category.</summary>
public enum WriterErrorKind
{
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Gone,
    PayloadTooLarge,
    UnprocessableInput,
    TooManyRequests,
    OtherClientError,
    ServerError,
    BadGateway,
    ServiceUnavailable,
    InsufficientStorage,
    Timeout,
    ConnectionFailed,
    InvalidResponse,
    InsecureTransport,
    RedirectRefused,
    OutcomeUnknown,
    MissingCredentials,
    InvalidInput,

    /// <summary>The key has a control character inside it, which no HTTP header can carry.</summary>
    MalformedCredentials,
}
