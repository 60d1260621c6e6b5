using System;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Net.Http.Headers;

namespace WriterJobs.Emulator.FrontEnd;

/// <summary>
/// What the strictest common front ends (an AWS load balancer in its strictest desync mode, CloudFront, nginx) refuse,
/// checked on what Kestrel lets through; Kestrel's own limits are set to the strictest of theirs.
/// </summary>
internal static class StrictFrontEnd
{
    /// <summary>nginx's large_client_header_buffers (4 8k): the request line, and each header line, fit in 8 KB.</summary>
    public const int MaxLineBytes = 8 * 1024;

    /// <summary>CloudFront: a request's line, headers and query, without the body, at most 20,480 bytes.</summary>
    public const int MaxHeadBytes = 20_480;

    /// <summary>Kestrel's own default, kept: no front end documents a header count.</summary>
    public const int MaxHeaderCount = 100;

    private const string KestrelMovedContentLength = "X-Content-Length";

    public static void Limit(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = MaxLineBytes;
        limits.MaxRequestHeadersTotalSize = MaxHeadBytes;
        limits.MaxRequestHeaderCount = MaxHeaderCount;
    }

    /// <summary>The first rule the request breaks, or null when a strict front end would pass it on.</summary>
    public static FrontEndRule? Check(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers;
        var noContent = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var transferEncoding = headers.TransferEncoding;
        var contentLength = headers.ContentLength is not null || headers.ContainsKey(HeaderNames.ContentLength);

        // Kestrel lets Transfer-Encoding win and moves a Content-Length sent with it to X-Content-Length.
        var movedContentLength = headers.ContainsKey(KestrelMovedContentLength);
        if (noContent && headers.ContentLength > 0)
        {
            return FrontEndRule.BodyOnGetOrHead;
        }

        if (noContent && (contentLength || transferEncoding.Count > 0))
        {
            return contentLength ? FrontEndRule.ContentLengthOnGetOrHead : FrontEndRule.TransferEncodingOnGetOrHead;
        }

        if (transferEncoding.Count > 0 && (contentLength || movedContentLength))
        {
            return FrontEndRule.TransferEncodingWithContentLength;
        }

        if (CountChunked(transferEncoding) > 1)
        {
            return FrontEndRule.ChunkedTwice;
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        if (target.AsSpan().IndexOfAnyInRange('\0', '\x1f') >= 0 || target.Contains('\x7f', StringComparison.Ordinal))
        {
            return FrontEndRule.ControlCharacterInTarget;
        }

        // As on the wire: "METHOD target HTTP/1.1", "name: value" per line, each with its CRLF, and the empty line.
        var size = request.Method.Length + target.Length + request.Protocol.Length + 4 + 2;
        foreach (var (name, values) in headers)
        {
            if (!IsToken(name))
            {
                return FrontEndRule.NonCompliantHeader;
            }

            if (IsSuspicious(name))
            {
                return FrontEndRule.SuspiciousHeader;
            }

            foreach (var value in values)
            {
                if (value is not null && !IsPlainValue(value))
                {
                    return FrontEndRule.NonCompliantHeader;
                }

                var line = name.Length + 2 + (value?.Length ?? 0) + 2;
                if (line > MaxLineBytes)
                {
                    return FrontEndRule.HeaderLineTooLong;
                }

                size += line;
            }
        }

        return size > MaxHeadBytes ? FrontEndRule.RequestHeadTooLarge : null;
    }

    private static int CountChunked(Microsoft.Extensions.Primitives.StringValues transferEncoding)
    {
        var count = 0;
        foreach (var field in transferEncoding)
        {
            foreach (var coding in (field ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
            {
                count += coding.Equals("chunked", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            }
        }

        return count;
    }

    // RFC 9110 section 5.6.2: a field name is a token.
    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            if (c is <= ' ' or >= '\x7f' || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    // Visible ASCII, spaces and tabs only: the load balancer's NonCompliantHeader is a control or non-ASCII character.
    private static bool IsPlainValue(string value)
    {
        foreach (var c in value)
        {
            if (c is (< ' ' and not '\t') or >= '\x7f')
            {
                return false;
            }
        }

        return true;
    }

    // Transfer_Encoding, Content Length, content.length...: the letters of one of the two, but not the name itself.
    private static bool IsSuspicious(string name)
    {
        if (name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase) || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<char> letters = stackalloc char[Math.Min(name.Length, 64)];
        var count = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiLetter(c) && count < letters.Length)
            {
                letters[count++] = char.ToLowerInvariant(c);
            }
        }

        var normalized = letters[..count];
        return normalized.SequenceEqual("transferencoding") || normalized.SequenceEqual("contentlength");
    }
}
