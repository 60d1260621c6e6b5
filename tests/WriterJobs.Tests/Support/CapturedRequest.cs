using System;
using System.Collections.Generic;
using System.Linq;

namespace WriterJobs.Tests.Support;

/// <summary>One request exactly as it came off the wire: its request line, its header lines in order, its body.</summary>
internal sealed record CapturedRequest(string RequestLine, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>Every value sent for a header name, in any case.</summary>
    public IReadOnlyList<string> Values(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
}
