using System;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace WriterJobs.Emulator;

/// <summary>The key check: the key of an <c>Authorization: Bearer</c> header, read strictly (RFC 6750 section 2.1) or leniently.</summary>
internal static partial class BearerCredentials
{
    private const string Scheme = "Bearer ";

    /// <summary>401 without a valid key; 403 when the read-only key tries to change something; null when the request may go on.</summary>
    public static IResult? Refusal(HttpRequest request, EmulatorOptions options)
    {
        var key = Key(request.Headers.Authorization, options.Strict);
        var readOnly = key is not null && key == options.ReadOnlyApiKey;
        if (key == options.ApiKey || (readOnly && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))))
        {
            return null;
        }

        return readOnly
            ? WriterErrors.Result(StatusCodes.Status403Forbidden, "This API key may only read.")
            : WriterErrors.Result(StatusCodes.Status401Unauthorized, "A valid API key is required: send Authorization: Bearer <key>.");
    }

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
