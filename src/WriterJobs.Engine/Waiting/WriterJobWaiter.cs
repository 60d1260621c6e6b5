using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WriterJobs;

/// <summary>Waits for jobs to leave in_progress by polling them; the engine half of Wait-WriterJob and of Invoke-WriterJobRetry -Wait.</summary>
public sealed class WriterJobWaiter
{
    private readonly WriterJobsClient client;
    private readonly IWriterLog log;
    private readonly TimeProvider clock;

    /// <summary>On the system clock. The cmdlets call this one: a TimeProvider in the signature would make the cmdlet
    /// assembly reference Microsoft.Bcl.TimeProvider, which lives isolated in Dependencies/.</summary>
    public WriterJobWaiter(WriterJobsClient client, IWriterLog log, WriterJobWaitOptions options)
        : this(client, log, options, TimeProvider.System)
    {
    }

    public WriterJobWaiter(WriterJobsClient client, IWriterLog log, WriterJobWaitOptions options, TimeProvider clock)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    public WriterJobWaitOptions Options { get; }

    /// <summary>Starts a wait on jobs as last read; the timeout counts from now.</summary>
    public WriterJobWait Start(IReadOnlyList<WriterJob> jobs, bool any = false)
    {
        if (jobs is null)
        {
            throw new ArgumentNullException(nameof(jobs));
        }

        return new WriterJobWait(client, log, Options, clock, jobs, any);
    }

    /// <summary>Reads one job and waits until it leaves in_progress or the timeout passes; returns it as last read.</summary>
    public async Task<WriterJob> WaitOneAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var job = await client.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
        var wait = Start(new[] { job });
        await wait.RunAsync(cancellationToken).ConfigureAwait(false);
        if (wait.Failures.Count > 0)
        {
            throw wait.Failures[0].Error;
        }

        return wait.Jobs[0];
    }
}
