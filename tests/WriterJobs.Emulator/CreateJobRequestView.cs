using System.Collections.Generic;

namespace WriterJobs.Emulator;

/// <summary>A validated create-job request, as the create rule (<see cref="EmulatorJobStore.CreateFailsWhen"/>) sees it.</summary>
public sealed record CreateJobRequestView(string ApplicationId, IReadOnlyList<JobInputView> Inputs);
