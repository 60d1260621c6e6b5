using System;
using System.Runtime.InteropServices;
using System.Text;

namespace WriterJobs.Retry.History;

/// <summary>
/// fsync of a folder on Unix, so a rename into it survives a power cut too, not only a killed process (.NET has no API
/// for it). Best effort: where it is not possible (Windows, where a rename is durable once done), nothing happens.
/// </summary>
internal static class FolderSync
{
    public static void Flush(string folder)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return;
        }

        try
        {
            // A NUL-terminated UTF-8 path, as Unix takes it.
            var descriptor = NativeMethods.open(Encoding.UTF8.GetBytes(folder + "\0"), 0);
            if (descriptor >= 0)
            {
                _ = NativeMethods.fsync(descriptor);
                _ = NativeMethods.close(descriptor);
            }
        }
        catch (Exception missing) when (missing is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    private static class NativeMethods
    {
#pragma warning disable CA5392 // libc is the system's own library.
        [DllImport("libc", SetLastError = true)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int descriptor);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int descriptor);
#pragma warning restore CA5392
    }
}
