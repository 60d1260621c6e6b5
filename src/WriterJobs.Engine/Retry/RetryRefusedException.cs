using System;
using WriterJobs.Retry.History;

namespace WriterJobs.Retry;

/// <summary>Thrown by <see cref="RetryLedger"/> out of the attempt loop when the budget refuses a send: nothing went out.</summary>
internal sealed class RetryRefusedException : Exception
{
    public RetryRefusedException(RetryClaim claim)
        : base(claim.Refusal)
    {
        Claim = claim;
    }

    public RetryClaim Claim { get; }
}
