namespace WriterJobs.Pipeline;

/// <summary>A line for the Verbose, Debug or Warning stream, written by a worker and delivered on the pipeline thread.</summary>
internal readonly record struct PipelineMessage(PipelineMessageLevel Level, string Text);
