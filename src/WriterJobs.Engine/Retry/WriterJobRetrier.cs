using System;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Http;
using WriterJobs.Retry.History;

namespace WriterJobs.Retry;

/// <summary>
/// Retries a job only when it is failed right now (unless forced), within its budget when a retry history is given; the
/// engine half of Invoke-WriterJobRetry. <see cref="PredictAsync"/> decides the same way and sends nothing (-WhatIf).
/// </summary>
internal sealed class WriterJobRetrier
{
    /// <summary>How old a piped 'failed' job may be and still be trusted without reading it again.</summary>
    public static readonly TimeSpan DefaultMaxStatusAge = TimeSpan.FromMinutes(2);

    private readonly WriterJobsClient client;
    private readonly IWriterLog log;
    private readonly WriterJobRetryOptions options;
    private readonly RetryHistory? history;
    private readonly TimeProvider clock;
    private readonly RetryRunLimit limit;
    private readonly RequestSlots slots;

    /// <summary>On the system clock. The cmdlets call this one: a TimeProvider in the signature would make the cmdlet
    /// assembly reference Microsoft.Bcl.TimeProvider, which lives isolated in Dependencies/.</summary>
    public WriterJobRetrier(WriterJobsClient client, IWriterLog log, WriterJobRetryOptions options, RetryHistory? history = null)
        : this(client, log, options, history, null)
    {
    }

    public WriterJobRetrier(WriterJobsClient client, IWriterLog log, TimeSpan maxStatusAge, bool force, RetryHistory? history = null)
        : this(client, log, new WriterJobRetryOptions { MaxStatusAge = maxStatusAge, Force = force }, history, null)
    {
    }

    /// <param name="history">When given, every send is first claimed from the job's budget there; a refused claim sends nothing.</param>
    public WriterJobRetrier(WriterJobsClient client, IWriterLog log, TimeSpan maxStatusAge, bool force, RetryHistory? history, TimeProvider? clock)
        : this(client, log, new WriterJobRetryOptions { MaxStatusAge = maxStatusAge, Force = force }, history, clock)
    {
    }

    internal WriterJobRetrier(WriterJobsClient client, IWriterLog log, WriterJobRetryOptions options, RetryHistory? history, TimeProvider? clock)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.history = history;
        this.clock = clock ?? TimeProvider.System;
        limit = new RetryRunLimit(options.MaxRetryCount);
        slots = new RequestSlots(options.RequestsInFlight);
    }

    /// <summary>Words an advice for the skip messages, in the caller's terms (the cmdlet names its -Force); none when null.</summary>
    public Func<WriterAdvice, string?>? Advise { get; set; }

    /// <summary>Whether the job must be read before deciding: not when forced, nor for a piped 'failed' job younger than the limit.</summary>
    public static bool MustReadFirst(WriterJob? known, DateTimeOffset now, TimeSpan maxStatusAge, bool force) =>
        !force && !(known is { State: WriterJobStatus.failed } && now - known.RetrievedAt <= maxStatusAge);

    public async Task<WriterJobRetryResult> RetryAsync(WriterJobRequest request, CancellationToken cancellationToken)
    {
        var current = await ReadIfNeededAsync(request ?? throw new ArgumentNullException(nameof(request)), cancellationToken).ConfigureAwait(false);
        if (NotToRetry(request, current, warn: true) is { } skipped)
        {
            return skipped;
        }

        for (var round = 0; ; round++)
        {
            var failure = current?.State == WriterJobStatus.failed ? current.UpdatedAt : null;
            var claim = new RetryClaimRequest(request.Id, failure, null, options.Force);
            var refused = history is null || options.Force ? null : history.Check(claim);
            if (refused is not { Granted: false } && !limit.TryTake())
            {
                return Result(request, current, WriterJobRetryAction.LimitReached, current?.State, Logged(false, $"Job {request.Id} was not retried: this command already sent the most retries it may ({limit.Max})."));
            }

            if (refused is { Granted: false })
            {
                // Another run claimed this very failure moments ago: read the job again before deciding.
                if (refused.Outcome == WriterJobRetryAction.RetriedByAnotherRun && round == 0 && await ReadAgainAsync(request, failure, refused, cancellationToken).ConfigureAwait(false) is var (again, settled))
                {
                    if (settled is not null)
                    {
                        return settled;
                    }

                    current = again;
                    continue;
                }

                return Refused(request, current, refused);
            }

            var ledger = new RetryLedger(history, claim, slots);
            try
            {
                var accepted = await client.RetryJobAsync(request.Id, failure, ledger, cancellationToken).ConfigureAwait(false);
                log.Verbose($"Retry of job {request.Id} accepted: {accepted.StatusText}.");
                return Result(request, current, WriterJobRetryAction.Retried, accepted.Status, "Retry accepted.");
            }
            catch (RetryRefusedException budget) when (ledger.Kept is null)
            {
                limit.GiveBack();
                if (budget.Claim.Outcome == WriterJobRetryAction.RetriedByAnotherRun && round == 0 && await ReadAgainAsync(request, failure, budget.Claim, cancellationToken).ConfigureAwait(false) is var (again, settled))
                {
                    if (settled is not null)
                    {
                        return settled;
                    }

                    current = again;
                    continue;
                }

                return Refused(request, current, budget.Claim);
            }
            catch (RetryRefusedException budget)
            {
                // The first send's answer was lost and the job still looked failed; the budget allows no resend.
                throw new WriterApiException(WriterErrorKind.OutcomeUnknown,
                    $"The retry of job {request.Id} may or may not have taken effect (its answer was lost), and it was not sent again: {budget.Claim.Refusal} Read the job before retrying it.",
                    jobId: request.Id, innerException: budget);
            }
            catch (WriterApiException refusal) when (WriterJobsClient.SaysNotFailed(refusal))
            {
                limit.GiveBack();
                // A refusal because of the job's state, not a transport failure: read it, so the record says what it is.
                current = request.LastRead = await ReadAsync(request.Id, cancellationToken).ConfigureAwait(false);
                return Skipped(request, current, $"Job {request.Id} is {current.StatusText}: the server refused the retry as not failed ({refusal.StatusCode}); not retried.");
            }
            catch (Exception) when (!ledger.Sent)
            {
                limit.GiveBack();
                throw;
            }
        }
    }

    /// <summary>What <see cref="RetryAsync"/> would do now, from the job's status (read when needed: a GET is harmless)
    /// and its budget; sends no retry and writes no file. The record's action is the predicted one, with
    /// <see cref="WriterJobRetryAction.WhatIf"/> for "would retry".</summary>
    public async Task<WriterJobRetryResult> PredictAsync(WriterJobRequest request, CancellationToken cancellationToken)
    {
        var current = await ReadIfNeededAsync(request ?? throw new ArgumentNullException(nameof(request)), cancellationToken).ConfigureAwait(false);
        if (NotToRetry(request, current, warn: false) is { } skipped)
        {
            return skipped;
        }

        var failure = current?.State == WriterJobStatus.failed ? current.UpdatedAt : null;
        if (history is not null && !options.Force && history.Check(new RetryClaimRequest(request.Id, failure)) is { Granted: false } refused)
        {
            return Result(request, current, refused.Outcome, current?.State, refused.Refusal!);
        }

        return limit.TryTake()
            ? Result(request, current, WriterJobRetryAction.WhatIf, current?.State, "Would be retried; nothing was sent.")
            : Result(request, current, WriterJobRetryAction.LimitReached, current?.State, $"Would not be retried: the command would already have sent the most retries it may ({limit.Max}).");
    }

    private async Task<WriterJob?> ReadIfNeededAsync(WriterJobRequest request, CancellationToken cancellationToken)
    {
        var known = request.Known;
        var needsAge = options.FailedWithin is not null && known?.UpdatedAt is null;
        return MustReadFirst(known, clock.GetUtcNow(), options.MaxStatusAge, options.Force) || needsAge
            ? request.LastRead = await ReadAsync(request.Id, cancellationToken).ConfigureAwait(false)
            : known;
    }

    // Not failed (unless forced), or failed longer ago than the age limit.
    private WriterJobRetryResult? NotToRetry(WriterJobRequest request, WriterJob? current, bool warn)
    {
        if (!options.Force && current is not null && current.State != WriterJobStatus.failed)
        {
            var why = Advised($"Job {request.Id} is {current.StatusText}, not failed: not retried.", WriterAdvice.RetryWhateverTheStatus);
            return warn ? Skipped(request, current, why) : Result(request, current, WriterJobRetryAction.Skipped, current.State, why);
        }

        if (options.FailedWithin is { } within && current?.UpdatedAt is { } updated && clock.GetUtcNow() - updated > within)
        {
            return Result(request, current, WriterJobRetryAction.TooOld, current.State,
                Logged(false, $"Job {request.Id} failed at {RetryDecision.Stamp(updated)}, longer ago than the age limit ({within}): not retried."));
        }

        return null;
    }

    /// <summary>Reads the job another run just claimed: settled when it left that failure or still is it; else the new failure to decide on.</summary>
    private async Task<(WriterJob Again, WriterJobRetryResult? Settled)> ReadAgainAsync(WriterJobRequest request, DateTimeOffset? failure, RetryClaim refused, CancellationToken cancellationToken)
    {
        var again = request.LastRead = await ReadAsync(request.Id, cancellationToken).ConfigureAwait(false);
        if (again.State == WriterJobStatus.failed && again.UpdatedAt != failure)
        {
            log.Verbose($"{refused.Refusal} Read again, it failed anew at {again.UpdatedAt:u}: deciding on that failure.");
            return (again, null);
        }

        var now = again.State == WriterJobStatus.failed ? "still that failure: that run's retry is on its way" : $"now {again.StatusText}";
        return (again, Result(request, again, WriterJobRetryAction.RetriedByAnotherRun, again.State, Logged(false, $"{refused.Refusal} Read again: {now}; not retried by this run.")));
    }

    private Task<WriterJob> ReadAsync(Guid id, CancellationToken cancellationToken) =>
        slots.RunAsync(() => client.GetJobAsync(id, cancellationToken), cancellationToken);

    private WriterJobRetryResult Refused(WriterJobRequest request, WriterJob? current, RetryClaim refused) =>
        Result(request, current, refused.Outcome, current?.State, Logged(refused.Outcome == WriterJobRetryAction.OverBudget, refused.Refusal!));

    // Only what needs a person's attention is a warning; the rest is said under -Verbose.
    private string Logged(bool warning, string message)
    {
        if (warning)
        {
            log.Warning(message);
        }
        else
        {
            log.Verbose(message);
        }

        return message;
    }

    private string Advised(string fact, WriterAdvice advice) => Advise?.Invoke(advice) is { Length: > 0 } words ? $"{fact} {words}" : fact;

    private WriterJobRetryResult Skipped(WriterJobRequest request, WriterJob current, string why)
    {
        log.Warning(why);
        return Result(request, current, WriterJobRetryAction.Skipped, current.State, why);
    }

    private WriterJobRetryResult Result(WriterJobRequest request, WriterJob? based, WriterJobRetryAction action, WriterJobStatus? status, string message) =>
        new(request.Id, based?.ApplicationId ?? request.Known?.ApplicationId, based?.State, action, status, clock.GetUtcNow(), message);
}
