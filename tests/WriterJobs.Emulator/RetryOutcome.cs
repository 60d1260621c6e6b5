namespace WriterJobs.Emulator;

/// <summary>What a retry request did, so the endpoint can pick the status code.</summary>
internal enum RetryOutcome
{
    Accepted,
    NotFound,
    Gone,
    NotFailed,
}
