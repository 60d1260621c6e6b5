using System;
using System.Runtime.InteropServices;
using System.Security;

namespace WriterJobs;

/// <summary>The only place the API key changes between SecureString and plain text.</summary>
internal static class SecretText
{
    public static SecureString Protect(string plain)
    {
        var secure = new SecureString();
        foreach (var c in plain)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>The plain key, for the moment a request header is built; the unmanaged copy is zeroed at once.</summary>
    public static string Reveal(SecureString secure)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
