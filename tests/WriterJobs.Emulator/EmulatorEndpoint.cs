namespace WriterJobs.Emulator;

/// <summary>The Writer API endpoints the emulator serves: four for jobs, two for applications.</summary>
public enum EmulatorEndpoint
{
    GetJob,
    RetryJob,
    ListJobs,
    CreateJob,
    ListApplications,
    GetApplication,
}
