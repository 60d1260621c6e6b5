using System;
using WriterJobs.Emulator.FrontEnd;

namespace WriterJobs.Emulator;

/// <summary>
/// One request the emulator answered. <paramref name="StatusCode"/> is 0 when the connection was
/// aborted. Only whether an Authorization header was present is kept, never its value.
/// </summary>
public sealed record RecordedRequest(string Method, string Path, bool HadAuthorization, int StatusCode)
{
    /// <summary>Whether the client offered to take a gzip-compressed answer.</summary>
    public bool AcceptedGzip { get; init; }

    /// <summary>When the request reached the emulator, on <see cref="EmulatorOptions.Clock"/>: what a server-side rate is counted from.</summary>
    public DateTimeOffset ArrivedAt { get; init; }

    /// <summary>
    /// Whether the emulator closed the connection cleanly without any byte of an answer: the one case in which a client's
    /// connection pool may send a body-less request again by itself.
    /// </summary>
    public bool ClosedCleanly { get; init; }

    /// <summary>The strict front-end rule that refused the request before the API saw it, if one did.</summary>
    public FrontEndRule? RefusedBy { get; init; }
}

/// <summary>The Writer API endpoints the emulator serves: four for jobs, two for applications.</summary>
public enum EmulatorEndpoint
{
    GetJob,
    RetryJob,
    ListJobs,
    CreateJob,
    ListApplications,
    GetApplication,
}
