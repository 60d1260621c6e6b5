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
    private RetryClaim? held;
    private int sent;

    public RetryLedger(RetryHistory? history, RetryClaimRequest first)
    {
        this.history = history;
        this.first = first;
    }

    /// <summary>The last claim whose send may have taken effect: a resend is claimed as its continuation.</summary>
    public RetryClaim? Kept { get; private set; }

    /// <summary>Whether any send may have taken effect.</summary>
    public bool Sent => Volatile.Read(ref sent) != 0;

    public async Task BeforeSendAsync(CancellationToken cancellationToken)
    {
        if (history is null)
        {
            return;
        }

        var request = Kept is null ? first : new RetryClaimRequest(first.JobId, first.Failure, Kept, first.Force);
        var claim = await history.ClaimAsync(request, cancellationToken).ConfigureAwait(false);
        if (!claim.Granted)
        {
            throw new RetryRefusedException(claim);
        }

        held = claim;
        if (cancellationToken.IsCancellationRequested)
        {
            AfterSend(tookNoEffect: true);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public void AfterSend(bool tookNoEffect)
    {
        if (!tookNoEffect)
        {
            Volatile.Write(ref sent, 1);
        }

        if (held is not { } claim)
        {
            return;
        }

        held = null;
        if (tookNoEffect)
        {
            // Queued with the next batch and written before the run ends (RetryHistory.Dispose); not awaited here.
            _ = history!.ReleaseAsync(claim, CancellationToken.None);
        }
        else
        {
            Kept = claim;
        }
    }
}
