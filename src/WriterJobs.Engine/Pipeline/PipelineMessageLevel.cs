namespace WriterJobs.Pipeline;

public enum PipelineMessageLevel
{
    Verbose,
    Debug,
    Warning,
}
