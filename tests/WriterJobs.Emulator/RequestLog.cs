using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace WriterJobs.Emulator;

/// <summary>What the emulator has been asked, for tests to assert on. Keys and header values are never kept.</summary>
public sealed class RequestLog
{
    private const int RecentCapacity = 1000;

    private readonly int[] perEndpoint = new int[Enum.GetValues<EmulatorEndpoint>().Length];
    private readonly ConcurrentQueue<RecordedRequest> recent = new();
    private int total;
    private int tooManyRequests;
    private int cleanCloses;
    private int unanswered;

    internal RequestLog()
    {
    }

    /// <summary>Every request, answered or aborted, on any path.</summary>
    public int Total => Volatile.Read(ref total);

    /// <summary>429 responses sent, whether from a fault, a forced status or the quota.</summary>
    public int TooManyRequests => Volatile.Read(ref tooManyRequests);

    /// <summary>
    /// Requests answered by a clean close and no byte of an answer (<see cref="RecordedRequest.ClosedCleanly"/>): each one
    /// allows at most one hidden resend of a body-less request by the client's connection pool.
    /// </summary>
    public int CleanCloses => Volatile.Read(ref cleanCloses);

    /// <summary>
    /// Requests dropped without a byte of an answer, by a reset or a clean close (or given up by the client): each allows
    /// at most one hidden resend of a body-less request by a connection pool that is not .NET's (Mono's, like .NET
    /// Framework's, also resends after a reset).
    /// </summary>
    public int Unanswered => Volatile.Read(ref unanswered);

    /// <summary>The most recent requests (up to 1000), oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Recent => recent.ToArray();

    /// <summary>Requests routed to the endpoint, including ones that were refused or faulted.</summary>
    public int ForEndpoint(EmulatorEndpoint endpoint) => Volatile.Read(ref perEndpoint[(int)endpoint]);

    /// <summary>Forgets everything counted so far.</summary>
    public void Clear()
    {
        recent.Clear();
        Interlocked.Exchange(ref total, 0);
        Interlocked.Exchange(ref tooManyRequests, 0);
        Interlocked.Exchange(ref cleanCloses, 0);
        Interlocked.Exchange(ref unanswered, 0);
        for (var i = 0; i < perEndpoint.Length; i++)
        {
            Interlocked.Exchange(ref perEndpoint[i], 0);
        }
    }

    internal void Record(EmulatorEndpoint? endpoint, RecordedRequest request)
    {
        Interlocked.Increment(ref total);
        if (request.StatusCode == 429)
        {
            Interlocked.Increment(ref tooManyRequests);
        }

        if (request.ClosedCleanly)
        {
            Interlocked.Increment(ref cleanCloses);
        }

        if (request.StatusCode == 0)
        {
            Interlocked.Increment(ref unanswered);
        }

        if (endpoint is { } known)
        {
            Interlocked.Increment(ref perEndpoint[(int)known]);
        }

        recent.Enqueue(request);
        while (recent.Count > RecentCapacity && recent.TryDequeue(out _))
        {
        }
    }
}
