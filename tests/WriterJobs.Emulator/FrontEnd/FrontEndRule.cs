namespace WriterJobs.Emulator.FrontEnd;

/// <summary>
/// The rules the strict emulator (<see cref="EmulatorOptions.Strict"/>) applies before a request reaches the API, each
/// as the front end that enforces it answers. The sources are listed in docs/reliability.md, "Strict front-end rules".
/// Kestrel refuses more by itself (a duplicate Host or Content-Length, obs-fold, CR or NUL in a header, a request line
/// over 8 KB); those never reach the emulator and have no entry here.
/// </summary>
public enum FrontEndRule
{
    /// <summary>A GET or HEAD that declares a body (Content-Length above 0): CloudFront answers 403.</summary>
    BodyOnGetOrHead,

    /// <summary>A GET or HEAD with <c>Content-Length: 0</c>: an AWS load balancer in its strictest mode answers 400.</summary>
    ContentLengthOnGetOrHead,

    /// <summary>A GET or HEAD with Transfer-Encoding: an AWS load balancer in its strictest mode answers 400.</summary>
    TransferEncodingOnGetOrHead,

    /// <summary>Transfer-Encoding and Content-Length together: an AWS load balancer (strictest) and nginx answer 400.</summary>
    TransferEncodingWithContentLength,

    /// <summary>Transfer-Encoding that names chunked more than once: an AWS load balancer answers 400.</summary>
    ChunkedTwice,

    /// <summary>A header name that is not a token, or a value with a control character or a non-ASCII one: an AWS load balancer (strictest) answers 400.</summary>
    NonCompliantHeader,

    /// <summary>A header name that normalizes to Transfer-Encoding or Content-Length without being it: an AWS load balancer (strictest) answers 400.</summary>
    SuspiciousHeader,

    /// <summary>A control character in the request-target: an AWS load balancer (strictest) answers 400.</summary>
    ControlCharacterInTarget,

    /// <summary>One header line over 8 KB: nginx (large_client_header_buffers 8k) answers 400.</summary>
    HeaderLineTooLong,

    /// <summary>Request line and headers over 20,480 bytes, CloudFront's limit: answered 431, as Kestrel answers its own header limit.</summary>
    RequestHeadTooLarge,
}
