using System;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs.Retry;

/// <summary>
/// At most so many requests in flight, when the retrier runs more jobs than that at once: with a retry history, a job
/// waiting for its claim to be written sends nothing, and the other jobs' requests go on meanwhile, so the durable claim
/// costs a run little time. Without a limit, every call passes at once.
/// </summary>
internal sealed class RequestSlots
{
    private readonly SemaphoreSlim? slots;

    public RequestSlots(int? limit) => slots = limit is { } most ? new SemaphoreSlim(most, most) : null;

    public Task EnterAsync(CancellationToken cancellationToken) => slots?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    public void Leave() => slots?.Release();

    /// <summary>One request with a slot of its own.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> request, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await request().ConfigureAwait(false);
        }
        finally
        {
            Leave();
        }
    }
}
