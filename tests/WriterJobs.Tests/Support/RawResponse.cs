using System;
using System.Collections.Generic;
using System.Linq;

namespace WriterJobs.Tests.Support;

/// <summary>An HTTP/1.1 answer as it came off the wire: status, header lines in order, body text.</summary>
internal sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    /// <summary>The one value of a header, or null; two lines of the same header fail the test.</summary>
    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).SingleOrDefault();
}
