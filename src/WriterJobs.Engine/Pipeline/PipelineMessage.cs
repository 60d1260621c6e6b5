namespace WriterJobs.Pipeline;

/// <summary>A line for the Verbose, Debug or Warning stream, written by a worker and delivered on the pipeline thread.</summary>
public readonly struct PipelineMessage
{
    public PipelineMessage(PipelineMessageLevel level, string text)
    {
        Level = level;
        Text = text;
    }

    public PipelineMessageLevel Level { get; }

    public string Text { get; }
}
