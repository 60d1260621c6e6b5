using System;
using System.Net.Http;

namespace WriterJobs.Http;

/// <summary>
/// What one attempt came back with, read once for everyone who decides on it: the rate gate, the quota patience, the
/// retry policy, and (for the last attempt) the endpoint that reads the answer.
/// </summary>
internal sealed class Attempt
{
    public Attempt(HttpResponseMessage? response, Exception? failure, TimeProvider clock)
    {
        Response = response;
        Failure = failure;

        // Only a refusal is ever waited out, so a success costs no header lookup and no clock read.
        RetryAfter = response is { IsSuccessStatusCode: false } ? Http.RetryAfter.Read(response, clock.GetUtcNow()) : null;
    }

    /// <summary>The answer, whatever its status; null when the attempt got none.</summary>
    public HttpResponseMessage? Response { get; }

    /// <summary>Why the attempt got no answer (a timeout, a transport failure); null when it got one.</summary>
    public Exception? Failure { get; }

    /// <summary>The wait the server asked for (retry-after-ms or Retry-After), uncapped; null when it asked for none.</summary>
    public TimeSpan? RetryAfter { get; }

    public int? Status => (int?)Response?.StatusCode;
}
