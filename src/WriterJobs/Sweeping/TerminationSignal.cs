using System;
using System.Reflection;

namespace WriterJobs.Sweeping;

/// <summary>
/// SIGTERM (systemd stopping the unit, a container or cron's kill) taken as Ctrl+C: the run is cancelled and the process
/// stays up until the command has written its records, report and summary line. .NET 10 no longer raises ProcessExit on
/// SIGTERM, and the module targets netstandard2.0, so PosixSignalRegistration (.NET 6+) is reached by reflection; where
/// it is missing (Windows PowerShell 5.1) nothing is registered.
/// </summary>
internal static class TerminationSignal
{
    private const string Namespace = "System.Runtime.InteropServices.";
    private const string Assembly = ", System.Runtime.InteropServices";
    private const int SigTerm = -4;

    /// <summary>The registration, to dispose when the run is over; null where the runtime has none.</summary>
    public static IDisposable? OnTerminate(Action stop)
    {
        var registration = Type.GetType(Namespace + "PosixSignalRegistration" + Assembly, throwOnError: false);
        var context = Type.GetType(Namespace + "PosixSignalContext" + Assembly, throwOnError: false);
        var signal = Type.GetType(Namespace + "PosixSignal" + Assembly, throwOnError: false);
        var create = signal is null || context is null ? null : registration?.GetMethod("Create", new[] { signal, typeof(Action<>).MakeGenericType(context) });
        if (create is null)
        {
            return null;
        }

        var handler = typeof(TerminationSignal).GetMethod(nameof(Handler), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(context!).Invoke(null, new object[] { stop });
        return (IDisposable?)create.Invoke(null, new[] { Enum.ToObject(signal!, SigTerm), handler });
    }

    // Cancel = true keeps the runtime from ending the process at once; the command ends it once its files are written.
    private static Action<TContext> Handler<TContext>(Action stop) => context =>
    {
        typeof(TContext).GetProperty("Cancel")!.SetValue(context, true);
        stop();
    };
}
