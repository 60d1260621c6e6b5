using System;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Http;
using WriterJobs.Retry.History;

namespace WriterJobs.Retry;

/// <summary>
/// The budget's side of one job's retry: every send is claimed from the history right before it leaves, lost-answer
/// resends included, and given back when it certainly did nothing (never left, refused by the server). Without a
/// history it only notes whether anything may have taken effect.
/// </summary>
internal sealed class RetryLedger : IAttemptLedger
{
    private readonly RetryHistory? history;
    private readonly RetryClaimRequest first;
    private readonly RequestSlots slots;
    private RetryClaim? held;
    private bool inSlot;
    private int sent;

    /// <param name="slots">Taken once the claim is written, right before the send, and left after it.</param>
    public RetryLedger(RetryHistory? history, RetryClaimRequest first, RequestSlots slots)
    {
        this.history = history;
        this.first = first;
        this.slots = slots;
    }

    /// <summary>The last claim whose send may have taken effect: a resend is claimed as its continuation.</summary>
    public RetryClaim? Kept { get; private set; }

    /// <summary>Whether any send may have taken effect.</summary>
    public bool Sent => Volatile.Read(ref sent) != 0;

    public async Task BeforeSendAsync(CancellationToken cancellationToken)
    {
        if (history is not null)
        {
            var request = Kept is null ? first : new RetryClaimRequest(first.JobId, first.Failure, Kept, first.Force);
            var claim = await history.ClaimAsync(request, cancellationToken).ConfigureAwait(false);
            held = claim.Granted ? claim : throw new RetryRefusedException(claim);
        }

        try
        {
            await slots.EnterAsync(cancellationToken).ConfigureAwait(false);
            inSlot = true;
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            AfterSend(tookNoEffect: true);
            throw;
        }
    }

    public void AfterSend(bool tookNoEffect)
    {
        if (!tookNoEffect)
        {
            Volatile.Write(ref sent, 1);
        }

        if (inSlot)
        {
            inSlot = false;
            slots.Leave();
        }

        if (held is not { } claim)
        {
            return;
        }

        held = null;
        if (tookNoEffect)
        {
            // Queued with the next batch and written before the run ends (RetryHistory.Dispose); not awaited here.
            _ = history!.ReleaseAsync(claim);
        }
        else
        {
            Kept = claim;
        }
    }
}
