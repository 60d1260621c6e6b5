using System;

namespace WriterJobs.Emulator;

/// <summary>Where a job sits in its application's list; both parts never change.</summary>
internal readonly record struct JobKey(DateTimeOffset CreatedAt, Guid Id);
