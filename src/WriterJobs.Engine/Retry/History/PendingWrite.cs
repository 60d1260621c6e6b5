using System;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Retry.History;

/// <summary>
/// One change queued for the next batch: a claim (its caller waits for the decision, made durable), a release or a
/// reset. A caller that gives up (Ctrl+C) before its batch takes it leaves it out; once taken, the decision stands and is
/// delivered, so a claim is never both written and reported as cancelled.
/// </summary>
internal sealed class PendingWrite
{
    private const int Waiting = 0;
    private const int Taken = 1;
    private const int Abandoned = 2;

    private readonly TaskCompletionSource<RetryClaim?> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int state;

    private PendingWrite(RetryClaimRequest? claim, RetryClaim? release, Guid? reset)
    {
        Claim = claim;
        Release = release;
        Reset = reset;
    }

    public RetryClaimRequest? Claim { get; }

    public RetryClaim? Release { get; }

    public Guid? Reset { get; }

    public Task<RetryClaim?> Done => done.Task;

    public static PendingWrite ForClaim(RetryClaimRequest request) => new(request, null, null);

    public static PendingWrite ForRelease(RetryClaim claim) => new(null, claim, null);

    public static PendingWrite ForReset(Guid job) => new(null, null, job);

    /// <summary>Nothing to write: done once everything queued before it is.</summary>
    public static PendingWrite ForFlush() => new(null, null, null);

    /// <summary>The batch takes it; false when its caller has given up.</summary>
    public bool Take() => Interlocked.CompareExchange(ref state, Taken, Waiting) != Abandoned;

    public void Complete(RetryClaim? claim) => done.TrySetResult(claim);

    public void Fail(Exception error) => done.TrySetException(error);

    /// <summary>Waits for the decision; a cancellation before the batch took it leaves the claim out.</summary>
    public async Task<RetryClaim?> WaitAsync(CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(() =>
        {
            if (Interlocked.CompareExchange(ref state, Abandoned, Waiting) == Waiting)
            {
                done.TrySetCanceled(cancellationToken);
            }
        }))
        {
            return await done.Task.ConfigureAwait(false);
        }
    }
}
