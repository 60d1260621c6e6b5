using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Wire;

namespace WriterJobs.Http;

/// <summary>The retry endpoint, and the policy for an answer that was lost: whether the request took effect is settled by reading the job.</summary>
internal sealed partial class WriterJobsClient
{
    /// <summary>
    /// POST /v1/applications/jobs/{id}/retry, sent again only when the earlier send surely did not take effect.
    /// When the outcome is unknown (a timeout, a reset or close after sending, a 5xx), the job is read: if it left
    /// 'failed', or failed again since <paramref name="failedUpdatedAt"/>, the retry took effect and is not sent again;
    /// if that read fails too, the outcome stays unknown (<see cref="WriterErrorKind.OutcomeUnknown"/>).
    /// </summary>
    internal Task<WriterJobAccepted> RetryJobAsync(Guid jobId, DateTimeOffset? failedUpdatedAt = null, CancellationToken cancellationToken = default) =>
        RetryJobAsync(jobId, failedUpdatedAt, null, cancellationToken);

    /// <param name="ledger">Accounts for every send, lost-answer resends included, against the job's retry budget.</param>
    internal async Task<WriterJobAccepted> RetryJobAsync(Guid jobId, DateTimeOffset? failedUpdatedAt, IAttemptLedger? ledger, CancellationToken cancellationToken)
    {
        for (var resend = 0; ; resend++)
        {
            try
            {
                return await SendAsync(HttpMethod.Post, JobUrl(jobId) + "/retry", null, WriterJsonContext.Default.AcceptedDto, jobId,
                    static (dto, _, id) => WireMapper.ToAccepted(dto, id), cancellationToken, ledger).ConfigureAwait(false);
            }
            catch (WriterApiException refused) when (resend > 0 && SaysNotFailed(refused))
            {
                // The job was still failed when read, so only an earlier send, whose answer was lost, can have moved it.
                var job = await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
                log.Verbose($"Job {jobId} is {job.StatusText} now and the server refused the retry as not failed: an earlier send took effect.");
                return AcceptedFrom(job);
            }
            catch (WriterApiException unknown) when (IsOutcomeUnknown(unknown))
            {
                log.Verbose($"The retry of job {jobId} may or may not have reached the server ({unknown.Message}); reading the job to find out.");
                var job = await ReadAfterLostAnswerAsync(jobId, unknown, cancellationToken).ConfigureAwait(false);
                var failedAgain = job.State == WriterJobStatus.failed && failedUpdatedAt is { } before && job.UpdatedAt is { } after && after != before;
                if (job.State != WriterJobStatus.failed || failedAgain)
                {
                    log.Verbose($"Job {jobId} is {job.StatusText} now: the retry took effect and is not sent again.");
                    return AcceptedFrom(job);
                }

                if (resend >= retries.MaxRetries)
                {
                    // Still the same 'failed': the retry surely did not take effect, and no resend is left.
                    throw;
                }

                var delay = retries.Backoff(resend);
                log.Verbose($"Job {jobId} is still failed: the retry did not take effect; sending it again in {delay.TotalSeconds:0.###} s.");
                await clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// True when the server refused a retry because the job is not failed: 409 (the emulator), or 400 with a key such
    /// as fail.job.notFailed (other servers). The API reference does not say which.
    /// </summary>
    internal static bool SaysNotFailed(WriterApiException refusal) =>
        refusal.Kind == WriterErrorKind.Conflict
        || (refusal.Kind == WriterErrorKind.BadRequest && refusal.ErrorKeys.Any(key => key.IndexOf("notFailed", StringComparison.OrdinalIgnoreCase) >= 0));

    /// <summary>True when a request may have taken effect although no success came back.</summary>
    internal static bool IsOutcomeUnknown(WriterApiException exception) => exception.Kind switch
    {
        WriterErrorKind.Timeout => true,
        WriterErrorKind.ConnectionFailed => !FailureClassifier.SurelyNotProcessed(null, exception.InnerException),
        WriterErrorKind.ServerError or WriterErrorKind.BadGateway => true,
        WriterErrorKind.InvalidResponse => exception.StatusCode is >= 200 and < 300,
        _ => false,
    };

    private static WriterJobAccepted AcceptedFrom(WriterJob job) => new(job.Id, job.StatusText, job.UpdatedAt ?? job.RetrievedAt);

    /// <summary>The read that settles a lost answer to a retry; when it fails too, the retry's outcome is unknown.</summary>
    private async Task<WriterJob> ReadAfterLostAnswerAsync(Guid jobId, WriterApiException lost, CancellationToken cancellationToken)
    {
        try
        {
            return await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (WriterApiException unreadable) when (!unreadable.StopsTheCommand || unreadable.Kind == WriterErrorKind.Unreachable)
        {
            // Even with the API now out of reach, what this item needs said is that its retry may have taken effect.
            throw new WriterApiException(
                WriterErrorKind.OutcomeUnknown,
                $"The retry of job {jobId} may or may not have taken effect ({lost.Message}), and reading the job to find out failed too ({unreadable.Message}). It was not sent again: read the job before retrying it.",
                unreadable.StatusCode,
                jobId: jobId,
                innerException: unreadable);
        }
    }
}
