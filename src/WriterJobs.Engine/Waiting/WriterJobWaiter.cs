using System;
using System.Collections.Generic;
using System.Linq;
using WriterJobs.Http;

namespace WriterJobs.Waiting;

/// <summary>Starts waits for jobs to leave in_progress; the engine half of Wait-WriterJob and of Invoke-WriterJobRetry -Wait.</summary>
internal sealed class WriterJobWaiter
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

        return new WriterJobWait(client, log, Options, clock, jobs.Select(job => job.Id).ToList(), jobs, any);
    }

    /// <summary>Starts a wait on jobs known only to be in progress (retries just accepted); the first round reads them.</summary>
    public WriterJobWait Start(IReadOnlyList<Guid> ids)
    {
        if (ids is null)
        {
            throw new ArgumentNullException(nameof(ids));
        }

        return new WriterJobWait(client, log, Options, clock, ids, new WriterJob?[ids.Count], any: false);
    }
}
