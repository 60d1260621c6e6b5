using System;
using System.Net;
using System.Text.RegularExpressions;

namespace WriterJobs.Connection;

/// <summary>
/// The user name and password a URI may carry (<c>http://user:password@proxy:3128</c>): a credential, never part of an
/// address that is shown.
/// </summary>
internal static class UserInfo
{
    /// <summary>"user:password@" right after a URI's scheme, anywhere in a text.</summary>
    private static readonly Regex InText = new(@"(?<=\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@'""<>]*@", RegexOptions.CultureInvariant);

    /// <summary>The URI without its user name and password.</summary>
    public static Uri Removed(Uri uri) =>
        uri.IsAbsoluteUri && uri.UserInfo.Length > 0 ? new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri : uri;

    /// <summary>
    /// The text with the user name and password of every URI in it removed. .NET names a proxy with both when the proxy
    /// refuses a CONNECT, and the address it names is the one HTTPS_PROXY gave, user info and all.
    /// </summary>
    public static string RemovedFrom(string text) => InText.Replace(text, string.Empty);

    /// <summary>The user name and password of the URI as a credential, unescaped (<c>p%40ss</c> is <c>p@ss</c>); null when it has none.</summary>
    public static NetworkCredential? Credential(Uri uri)
    {
        if (!uri.IsAbsoluteUri || uri.UserInfo.Length == 0)
        {
            return null;
        }

        var separator = uri.UserInfo.IndexOf(':');
        var user = separator < 0 ? uri.UserInfo : uri.UserInfo.Substring(0, separator);
        var password = separator < 0 ? string.Empty : uri.UserInfo.Substring(separator + 1);
        return new NetworkCredential(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
    }
}
