using System;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace WriterJobs.Emulator;

/// <summary>The key of an <c>Authorization: Bearer</c> header, read strictly (RFC 6750 section 2.1) or leniently.</summary>
internal static partial class BearerCredentials
{
    private const string Scheme = "Bearer ";

    /// <summary>
    /// Strict: exactly one Authorization field, "Bearer", spaces, and a b64token; anything else (another scheme, a
    /// second field, a character outside b64token) is no key. Lenient: any value that starts with "Bearer ", trimmed.
    /// </summary>
    public static string? Key(StringValues authorization, bool strict)
    {
        if (strict)
        {
            return authorization.Count == 1 && StrictForm().Match(authorization[0] ?? string.Empty) is { Success: true } match ? match.Groups[1].Value : null;
        }

        var header = authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
    }

    [GeneratedRegex("^[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9._~+/-]+=*)$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictForm();
}
