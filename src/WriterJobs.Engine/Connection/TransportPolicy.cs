using System;
using System.Net;

namespace WriterJobs.Connection;

/// <summary>Where the API key may travel.</summary>
internal static class TransportPolicy
{
    /// <summary>https anywhere; plain http only to this machine, where the emulator runs.</summary>
    public static bool MaySendKeyTo(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri));

    /// <summary>The key goes only to the host it was configured for: same scheme, host and port.</summary>
    public static bool IsSameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
