namespace WriterJobs.Pipeline;

internal enum PipelineMessageLevel
{
    Verbose,
    Debug,
    Warning,
}
