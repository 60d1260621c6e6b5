namespace WriterJobs.Emulator;

/// <summary>The four Writer jobs endpoints the emulator serves.</summary>
public enum EmulatorEndpoint
{
    GetJob,
    RetryJob,
    ListJobs,
    CreateJob,
}
