using System;
using WriterJobs.Output;
using WriterJobs.Waiting;

namespace WriterJobs.Running;

/// <summary>A wait for jobs, round by round on the pipeline thread, with its progress: Wait-WriterJob's and Invoke-WriterJobRetry -Wait's.</summary>
internal static class WaitRounds
{
    /// <summary>Runs the wait until it is over; false when Ctrl+C or a stopping error (written here) ended it.</summary>
    public static bool RunToEnd<TInput, TResult>(WriterCommandBase command, ItemPipeline<TInput, TResult> items, WriterJobWait wait, string activity)
    {
        var progress = new ProgressReporter(command, 2, activity);
        try
        {
            while (!wait.IsOver)
            {
                progress.Report($"{wait.Done} of {wait.Total} job(s) done", wait.Total == 0 ? 100 : wait.Done * 100 / wait.Total);
                items.WaitFor(wait.NextRoundAsync(command.Cancellation));
            }

            return true;
        }
        catch (OperationCanceledException) when (command.Cancellation.IsCancellationRequested)
        {
            return false;
        }
        catch (WriterApiException stopping)
        {
            // Only errors that stop the command escape a round (a refused key); this one ends it.
            command.WriteWriterError(stopping, null);
            return false;
        }
        finally
        {
            progress.Complete();
        }
    }
}
