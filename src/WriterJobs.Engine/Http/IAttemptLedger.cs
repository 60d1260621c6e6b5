using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Http;

/// <summary>
/// Accounts for each send of a request that must be counted (a job retry against its budget): the attempt loop calls
/// it after the rate gate, right before the request leaves, and again once the attempt's outcome is known.
/// </summary>
internal interface IAttemptLedger
{
    /// <summary>Records the send, durably, before it goes out; throws to keep it from going out at all.</summary>
    Task BeforeSendAsync(CancellationToken cancellationToken);

    /// <summary>The attempt is over; <paramref name="tookNoEffect"/> when it certainly did nothing (never left, or the
    /// server refused it before doing anything), so it need not count.</summary>
    void AfterSend(bool tookNoEffect);
}
