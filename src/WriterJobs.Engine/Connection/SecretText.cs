using System;
using System.Runtime.InteropServices;
using System.Security;

namespace WriterJobs.Connection;

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

    /// <summary>
    /// The key without surrounding whitespace: a key read with Get-Content -Raw, or from a secret file, ends in a line
    /// break that no HTTP header may carry.
    /// </summary>
    public static SecureString Trim(SecureString secure) => Protect(Reveal(secure).Trim());

    /// <summary>Whether a control character (a line break, a tab, NUL) is left inside the key once it is trimmed.</summary>
    public static bool HasInnerControlCharacter(SecureString secure)
    {
        foreach (var c in Reveal(secure).Trim())
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
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
