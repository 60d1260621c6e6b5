using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace WriterJobs.Emulator;

/// <summary>Responses in Writer's error shape: <c>{"tpe", "errors": [{"description", "key", "extras"}], "extras"}</c>.</summary>
internal static class WriterErrors
{
    // The second part of each key; Writer's only confirmed key is fail.notFound.resource.
    private static readonly Dictionary<int, string> KeyDetails = new()
    {
        [StatusCodes.Status400BadRequest] = "invalid",
        [StatusCodes.Status401Unauthorized] = "apiKey",
        [StatusCodes.Status403Forbidden] = "permission",
        [StatusCodes.Status404NotFound] = "resource",
        [StatusCodes.Status409Conflict] = "state",
        [StatusCodes.Status410Gone] = "resource",
        [StatusCodes.Status413PayloadTooLarge] = "body",
        [StatusCodes.Status422UnprocessableEntity] = "validation",
        [StatusCodes.Status429TooManyRequests] = "quota",
    };

    /// <param name="key">The entry's key; by default fail.{tpe}.{detail}, e.g. fail.notFound.resource.</param>
    public static IResult Result(int statusCode, string description, string? key = null)
    {
        var tpe = Tpe(statusCode);
        key ??= $"fail.{char.ToLowerInvariant(tpe[0])}{tpe[1..]}.{KeyDetails.GetValueOrDefault(statusCode, "server")}";
        return WireJson.Result(statusCode, new ErrorBody(tpe, [new ErrorEntry(description, key, Extras.None)], Extras.None), WireJson.Api.ErrorBody);
    }

    /// <summary>A 429 that tells the client when to come back, in both headers the SDKs read.</summary>
    public static IResult TooManyRequests(HttpResponse response, TimeSpan wait, string description)
    {
        response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.Headers["retry-after-ms"] = Math.Ceiling(wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return Result(StatusCodes.Status429TooManyRequests, description);
    }

    // "Not Found" -> "NotFound", as in Writer's tpe.
    private static string Tpe(int statusCode)
    {
        var phrase = ReasonPhrases.GetReasonPhrase(statusCode);
        return phrase.Length == 0 ? "Error" : phrase.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
    }
}
