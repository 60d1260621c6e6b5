using System;

namespace WriterJobs.Emulator;

/// <summary>
/// The check on a share (a probability, 0..1), for the options and the fault profiles. Its own file, because the
/// engine's net472 tests compile <see cref="FaultProfile"/> from source and cannot take the options with it.
/// </summary>
internal static class Shares
{
    public static void Require(double value, string name)
    {
        if (value is not (>= 0 and <= 1))
        {
            throw new ArgumentException($"{name} must be between 0 and 1, not {value}.");
        }
    }
}
