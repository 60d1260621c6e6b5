using System.Collections.Generic;

namespace WriterJobs.Emulator;

/// <summary>One input of a create-job request: <c>{"id": ..., "value": [...]}</c>.</summary>
public sealed record JobInputView(string Id, IReadOnlyList<string> Value);
