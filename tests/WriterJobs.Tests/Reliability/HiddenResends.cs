using System;
using WriterJobs.Emulator;

namespace WriterJobs.Tests.Reliability;

/// <summary>
/// Where a connection pool may send a body-less GET again by itself, unseen by the module (R7): after the server dropped
/// a request without a byte of an answer. .NET's pool does so only after a clean close; Mono's (standing in for .NET
/// Framework's) after a reset too. The bounds the suites assert count what this runtime's pool may do.
/// </summary>
internal static class HiddenResends
{
    private static readonly bool AfterResetsToo = Type.GetType("Mono.Runtime") is not null;

    /// <summary>How many hidden resends the emulator's counts allow, at most one per dropped request.</summary>
    public static int Allowed(int cleanCloses, int unanswered) => AfterResetsToo ? unanswered : cleanCloses;

    /// <summary>Whether a hidden resend may follow this request.</summary>
    public static bool MayFollow(RecordedRequest request) => AfterResetsToo ? request.StatusCode == 0 : request.ClosedCleanly;
}
