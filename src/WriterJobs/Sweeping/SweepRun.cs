using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Applications;
using WriterJobs.Connection;
using WriterJobs.Listing;
using WriterJobs.Output;
using WriterJobs.Pipeline;
using WriterJobs.Retry;
using WriterJobs.Retry.History;
using WriterJobs.Running;
using WriterJobs.Sweep;
using WriterJobs.Waiting;

namespace WriterJobs.Sweeping;

/// <summary>
/// One sweep, on the pipeline thread: each application listed on its own, its failed jobs retried through the runner
/// as they are listed, the retried ones waited for, and every decision journaled when it is taken. Only an error that
/// stops every request (the key, the API out of reach) ends the intake; the jobs in flight still get their records.
/// </summary>
internal sealed class SweepRun : IDisposable
{
    private readonly SweepJournal journal;
    private readonly SweepSettings settings;
    private readonly CancellationToken cancellation;
    private readonly List<WriterJob> listed = new();
    private readonly HashSet<Guid> submitted = new();
    private readonly HashSet<string> swept = new(StringComparer.Ordinal);
    private readonly List<WriterJobRetryResult> accepted = new();
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private ItemPipeline<WriterJobRequest, WriterJobRetryResult>? items;
    private WriterJobRetrier retrier = null!;
    private RetryHistory? history;
    private ErrorRecord? stopError;
    private bool finished;

    public SweepRun(SweepJournal journal, SweepSettings settings, CancellationToken cancellation)
    {
        this.journal = journal;
        this.settings = settings;
        this.cancellation = cancellation;
    }

    /// <param name="history">The run's retry history, disposed (its queued writes flushed) when the run finishes.</param>
    public void Sweep(WriterConnection connection, RetryHistory history, IReadOnlyList<string> applications)
    {
        this.history = history;
        var options = new WriterJobRetryOptions { MaxRetryCount = settings.MaxRetryCount, FailedWithin = settings.FailedWithin };
        items = new ItemPipeline<WriterJobRequest, WriterJobRetryResult>(
            connection,
            new PipelineRunnerOptions(settings.ThrottleLimit, ordered: false),
            settings.Debug,
            (client, log) =>
            {
                retrier = new WriterJobRetrier(client, log, options, history) { Advise = ErrorMapping.Advice };
                return RunAsync;
            },
            OnResult,
            OnError,
            journal.Message,
            cancellation);
        try
        {
            var resolver = new ApplicationResolver(items.Client);
            foreach (var job in applications.SelectMany(given => Resolve(resolver, given)).SelectMany(List))
            {
                if (stopError is null && submitted.Add(job.Id))
                {
                    items.Submit(new WriterJobRequest(job.Id, job));
                    cancellation.ThrowIfCancellationRequested();
                }
            }

            items.Complete();
            cancellation.ThrowIfCancellationRequested();
            if (settings.Wait && accepted.Count > 0 && stopError is null)
            {
                SweepWait.Run(new WriterJobWaiter(items.Client, items.Log, new WriterJobWaitOptions(settings.Timeout, maxInFlight: settings.ThrottleLimit)), items, journal, accepted, stopping => Report(stopping, stops: true), cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            journal.Tally.Stop("the run was stopped (Ctrl+C or the host)");
        }
    }

    private void OnResult(WriterJobRequest input, WriterJobRetryResult result)
    {
        journal.Record(result);
        if (settings.Wait && result.Action == nameof(WriterJobRetryAction.Retried))
        {
            accepted.Add(result);
        }
        else
        {
            journal.Output(result);
        }
    }

    private void OnError(WriterJobRequest input, Exception exception)
    {
        var record = WriterJobRetryResult.ForFailure(input, exception, DateTimeOffset.UtcNow);
        journal.Record(record);
        journal.Output(record);
        Report(ErrorMapping.ToErrorRecord(exception, input.Id), ErrorMapping.StopsTheCommand(exception));
    }

    /// <summary>Ends the intake: no job is sent after this; the error is written after the summary.</summary>
    public void Stop(ErrorRecord error)
    {
        stopError ??= error;
        journal.Tally.Stop(error.Exception.Message);
        journal.Event($"stopping: {error.FullyQualifiedErrorId} message={SweepLogLine.Quoted(error.Exception.Message)}");
    }

    /// <summary>Once: a record for every job listed, the report, the summary line and object, then the error that stopped it.</summary>
    /// <param name="cutShort">Why the command ends before the run did (Ctrl+C, a terminating error); null at its end.</param>
    public void Finish(string? cutShort = null)
    {
        if (finished)
        {
            return;
        }

        finished = true;
        if (cutShort is not null)
        {
            journal.Tally.Stop(cutShort);
        }

        foreach (var job in listed.Where(job => !journal.Tally.Has(job.Id)))
        {
            journal.Record(SweepTally.Undecided(job, submitted.Contains(job.Id), journal.Tally.StopReason, DateTimeOffset.UtcNow));
        }

        FlushHistory();
        if (settings.ReportPath is { } report)
        {
            journal.WriteReport(report);
        }

        var summary = journal.Tally.Summarize(started, DateTimeOffset.UtcNow);
        journal.Event($"sweep ended: exit={summary.ExitCode} outcome={summary.Outcome} {summary.Message}");
        journal.Output(summary);
        if (stopError is not null && !journal.Error(stopError) && journal.Streaming)
        {
            // -ErrorAction Stop: the command ends with it, now that every record and the summary are out.
            journal.Throw(stopError);
        }
    }

    public void Dispose() => items?.Dispose();

    /// <summary>The IDs a value names: a UUID as it is, a name or ID through the workspace's list, * every application.</summary>
    private IEnumerable<string> Resolve(ApplicationResolver resolver, string given)
    {
        IReadOnlyList<string> ids;
        try
        {
            ids = stopError is not null ? Array.Empty<string>()
                : given == SweepApplications.Every ? items!.WaitFor(resolver.ListAsync(cancellation)).Select(application => application.Id).ToList()
                : new[] { items!.WaitFor(resolver.ResolveIdAsync(given, cancellation)) };
        }
        catch (WriterApiException unknown)
        {
            NotListed(given, unknown);
            return Array.Empty<string>();
        }

        if (given == SweepApplications.Every)
        {
            journal.Event($"app=* is {ids.Count} application(s): {string.Join(",", ids)}");
        }

        return ids.Where(id => swept.Add(id));
    }

    private IReadOnlyList<WriterJob> List(string application)
    {
        if (stopError is not null)
        {
            return Array.Empty<WriterJob>();
        }

        var reader = new JobListReader(items!.Client, new JobListQuery(application, WriterJobStatus.failed));
        var jobs = new List<WriterJob>();
        try
        {
            while (items!.WaitFor(reader.NextPageAsync(cancellation)) is { } page)
            {
                jobs.AddRange(page);
            }
        }
        catch (WriterApiException refused)
        {
            NotListed(application, refused);
            return Array.Empty<WriterJob>();
        }

        // Known from here on: if the run stops before it reaches them, they still get their records.
        listed.AddRange(jobs);
        journal.Tally.Listed(application);
        journal.Event($"app={application} failed={jobs.Count}");
        return jobs;
    }

    // An application that cannot be listed is an error of its own; the others go on, unless no request can succeed.
    private void NotListed(string application, WriterApiException refused)
    {
        journal.Tally.Refused(application);
        var error = ErrorMapping.ToErrorRecord(refused, application);
        journal.Event($"app={application} not listed: {error.FullyQualifiedErrorId} message={SweepLogLine.Quoted(refused.Message)}");
        Report(error, ErrorMapping.StopsTheCommand(refused));
    }

    // -WhatIf: the same decision from the status just listed and the budgets just read, and nothing sent.
    private Task<WriterJobRetryResult> RunAsync(WriterJobRequest input, CancellationToken cancellationToken) =>
        settings.Preview ? retrier.PredictAsync(input, cancellationToken) : retrier.RetryAsync(input, cancellationToken);

    // The run's releases reach the file before it says it ended; a history that cannot take them needs a person.
    private void FlushHistory()
    {
        try
        {
            history?.Dispose();
        }
        catch (WriterApiException unwritable)
        {
            journal.Tally.Problem($"the retry history could not be written: {unwritable.Message}");
            journal.Error(ErrorMapping.ToErrorRecord(unwritable, history!.GivenPath));
        }

        history = null;
    }

    /// <summary>An error as it happens; one that stops every request, or that -ErrorAction Stop makes stop, ends the intake.</summary>
    private void Report(ErrorRecord error, bool stops)
    {
        if (stops || !journal.Error(error))
        {
            Stop(error);
        }
    }
}
