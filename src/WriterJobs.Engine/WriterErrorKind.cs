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

    /// <summary>The API could not be reached at all (refused, no such host, TLS): the command stops.</summary>
    Unreachable,
    InvalidResponse,
    InsecureTransport,
    RedirectRefused,
    OutcomeUnknown,
    MissingCredentials,
    InvalidInput,

    /// <summary>The key has a control character inside it, which no HTTP header can carry.</summary>
    MalformedCredentials,

    /// <summary>The retry history file is not one, or cannot be read.</summary>
    RetryHistoryInvalid,

    /// <summary>Another run kept the retry history locked for too long.</summary>
    RetryHistoryBusy,

    /// <summary>No application has the ID or name given (the API's 404 for an application, or no match in its list).</summary>
    ApplicationNotFound,

    /// <summary>More than one application has the name given.</summary>
    ApplicationAmbiguous,

    /// <summary>A job was given an input its application does not have.</summary>
    InputUnknown,

    /// <summary>A job was not given an input its application requires.</summary>
    InputMissing,

    /// <summary>A dropdown input was given a value that is not in its list.</summary>
    InputNotInList,
}
