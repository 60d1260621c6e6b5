using System;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Http;
using WriterJobs.Retry.History;

namespace WriterJobs.Retry;

/// <summary>Retries a job only when it is failed right now, unless forced; the engine half of Invoke-WriterJobRetry.</summary>
public sealed class WriterJobRetrier
{
    /// <summary>How old a piped 'failed' job may be and still be trusted without reading it again.</summary>
    public static readonly TimeSpan DefaultMaxStatusAge = TimeSpan.FromMinutes(2);

    private readonly WriterJobsClient client;
    private readonly IWriterLog log;
    private readonly TimeSpan maxStatusAge;
    private readonly bool force;
    private readonly RetryHistory? history;
    private readonly TimeProvider clock;

    /// <summary>On the system clock. The cmdlets call this one: a TimeProvider in the signature would make the cmdlet
    /// assembly reference Microsoft.Bcl.TimeProvider, which lives isolated in Dependencies/.</summary>
    public WriterJobRetrier(WriterJobsClient client, IWriterLog log, TimeSpan maxStatusAge, bool force, RetryHistory? history = null)
        : this(client, log, maxStatusAge, force, history, null)
    {
    }

    /// <param name="history">When given, every retry is first claimed from its budget there; a refused claim sends nothing.</param>
    public WriterJobRetrier(WriterJobsClient client, IWriterLog log, TimeSpan maxStatusAge, bool force, RetryHistory? history, TimeProvider? clock)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        this.maxStatusAge = maxStatusAge;
        this.force = force;
        this.history = history;
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>Words an advice for the skip messages, in the caller's terms (the cmdlet names its -Force); none when null.</summary>
    public Func<WriterAdvice, string?>? Advise { get; set; }

    /// <summary>Whether the job must be read before deciding: not when forced, nor for a piped 'failed' job younger than the limit.</summary>
    public static bool MustReadFirst(WriterJob? known, DateTimeOffset now, TimeSpan maxStatusAge, bool force) =>
        !force && !(known is { Status: WriterJobStatus.failed } && now - known.RetrievedAt <= maxStatusAge);

    public async Task<WriterJobRetryResult> RetryAsync(WriterJobRequest request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var current = request.Known;
        if (MustReadFirst(current, clock.GetUtcNow(), maxStatusAge, force))
        {
            current = request.LastRead = await client.GetJobAsync(request.Id, cancellationToken).ConfigureAwait(false);
            if (current.Status != WriterJobStatus.failed)
            {
                return Skipped(request, current, Advised($"Job {request.Id} is {current.StatusText}, not failed: not retried.", WriterAdvice.RetryWhateverTheStatus));
            }
        }

        var claim = history is null ? null : await history.ClaimAsync(request.Id, cancellationToken).ConfigureAwait(false);
        if (claim is { Granted: false })
        {
            log.Warning(claim.Refusal!);
            return new WriterJobRetryResult(request.Id, current?.ApplicationId, current?.Status, claim.Outcome, current?.Status, clock.GetUtcNow(), claim.Refusal!);
        }

        var failedUpdatedAt = current?.Status == WriterJobStatus.failed ? current.UpdatedAt : null;
        WriterJobAccepted accepted;
        try
        {
            accepted = await client.RetryJobAsync(request.Id, failedUpdatedAt, cancellationToken).ConfigureAwait(false);
        }
        catch (WriterApiException refused) when (WriterJobsClient.SaysNotFailed(refused))
        {
            await ReleaseAsync(claim).ConfigureAwait(false);
            // A refusal because of the job's state, not a transport failure: read it, so the record says what it is.
            current = request.LastRead = await client.GetJobAsync(request.Id, cancellationToken).ConfigureAwait(false);
            return Skipped(request, current, $"Job {request.Id} is {current.StatusText}: the server refused the retry as not failed ({refused.StatusCode}); not retried.");
        }
        catch (WriterApiException rejected) when (rejected.StatusCode is >= 400 and < 500)
        {
            // The server answered and refused: nothing ran, so the budget gets the retry back. A lost answer keeps it spent.
            await ReleaseAsync(claim).ConfigureAwait(false);
            throw;
        }

        log.Verbose($"Retry of job {request.Id} accepted: {accepted.StatusText}.");
        return new WriterJobRetryResult(request.Id, current?.ApplicationId, current?.Status, WriterJobRetryAction.Retried, accepted.Status, clock.GetUtcNow(), "Retry accepted.");
    }

    // Not cancellable: a release that Ctrl+C cut short would leave a retry counted that never ran.
    private async Task ReleaseAsync(RetryClaim? claim)
    {
        if (history is not null && claim is not null)
        {
            await history.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private string Advised(string fact, WriterAdvice advice) => Advise?.Invoke(advice) is { Length: > 0 } words ? $"{fact} {words}" : fact;

    private WriterJobRetryResult Skipped(WriterJobRequest request, WriterJob current, string why)
    {
        log.Warning(why);
        return new WriterJobRetryResult(request.Id, current.ApplicationId, current.Status, WriterJobRetryAction.Skipped, current.Status, clock.GetUtcNow(), why);
    }
}
