using System;

namespace WriterJobs.Pipeline;

/// <summary>What the runner hands back to the PowerShell pipeline thread; every call happens on the thread that calls the runner.</summary>
public interface IPipelineSink<in TInput, in TResult>
{
    void OnResult(TInput input, TResult result);

    /// <summary>One item failed; throwing from here (a terminating error) stops the runner's caller.</summary>
    void OnError(TInput input, Exception exception);

    void OnMessage(PipelineMessage message);
}
