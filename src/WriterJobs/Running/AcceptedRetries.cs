using System;
using System.Collections.Generic;
using System.Linq;
using WriterJobs.Output;
using WriterJobs.Waiting;

namespace WriterJobs.Running;

/// <summary>
/// Invoke-WriterJobRetry -Wait: the records of accepted retries, held until their outcome is known; once every retry is
/// sent, one wait for all of them, then their records with the outcome (or, when the command stops, saying so).
/// </summary>
internal sealed class AcceptedRetries
{
    private readonly List<WriterJobRetryResult> accepted = new();
    private readonly WriterCommandBase command;
    private readonly DeferredStop stop;

    public AcceptedRetries(WriterCommandBase command, DeferredStop stop)
    {
        this.command = command;
        this.stop = stop;
    }

    public int Count => accepted.Count;

    public void Add(WriterJobRetryResult result) => accepted.Add(result);

    /// <summary>The records not waited for, as the command stops.</summary>
    public void WriteUnwaited()
    {
        accepted.ForEach(result => command.WriteObject(result.WithMessage($"Retry accepted; not waited for, as the command stopped ({stop.Reason}).")));
        accepted.Clear();
    }

    public void WaitForAll<TInput, TResult>(ItemPipeline<TInput, TResult> items, WriterJobWaitOptions options)
    {
        var wait = new WriterJobWaiter(items.Client, items.Log, options).Start(accepted.Select(result => result.Id).ToList());
        string? cutShort = null;
        try
        {
            if (!WaitRounds.RunToEnd(command, items, wait, "Waiting for retried Writer jobs"))
            {
                return;
            }
        }
        catch (Exception interrupted) when (!command.Cancellation.IsCancellationRequested)
        {
            stop.Keep(interrupted);
            cutShort = interrupted.Message;
        }

        var now = DateTimeOffset.UtcNow;
        accepted.ForEach(result => command.WriteObject(cutShort is null ? wait.OutcomeOf(result, now) : result.AfterCutShort(wait, cutShort, now)));

        // The retry did take effect: its record stays Retried, and a warning says why no outcome is known.
        foreach (var failure in accepted.Select(result => wait.FailureOf(result.Id)).Where(failure => failure is not null))
        {
            stop.Hold(() => command.WriteWarningLine($"The retry of job {failure!.Id} was accepted, but its outcome could not be read: {failure.Error.Message}"));
        }

        accepted.Clear();
    }
}
