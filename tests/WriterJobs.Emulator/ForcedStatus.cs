using System;

namespace WriterJobs.Emulator;

/// <summary>A status <see cref="FaultSettings.ForceStatus"/> still owes, for any job or for one.</summary>
internal sealed class ForcedStatus(int statusCode, Guid? jobId, int remaining)
{
    public int StatusCode { get; } = statusCode;

    public Guid? JobId { get; } = jobId;

    public int Remaining { get; set; } = remaining;
}
