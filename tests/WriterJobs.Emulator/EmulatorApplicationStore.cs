using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace WriterJobs.Emulator;

/// <summary>
/// The emulator's applications, in creation order: those given by ID (<see cref="EmulatorOptions.ApplicationIds"/>,
/// with no input schema), then the named ones (<see cref="EmulatorOptions.NamedApplications"/>, with schemas), then
/// any a test adds. The list endpoint shows only deployed ones; a draft is read by its ID.
/// </summary>
public sealed class EmulatorApplicationStore
{
    private readonly Lock gate = new();
    private readonly List<EmulatorApplication> applications = [];
    private readonly Dictionary<string, EmulatorApplication> byId = new(StringComparer.Ordinal);
    private readonly EmulatorOptions options;

    // Its own generator, so adding applications leaves the job store's seeded job IDs as they were.
    private readonly Random random;

    internal EmulatorApplicationStore(EmulatorOptions options)
    {
        this.options = options;
        random = new Random(unchecked((options.Seed * 397) ^ 0x0A99));
        Seed();
    }

    /// <summary>Every application, drafts included, in creation order.</summary>
    public IReadOnlyList<EmulatorApplication> All
    {
        get
        {
            lock (gate)
            {
                return applications.ToList();
            }
        }
    }

    /// <summary>The IDs of the deployed applications, in creation order: the ones seeded jobs spread across.</summary>
    public IReadOnlyList<string> DeployedIds
    {
        get
        {
            lock (gate)
            {
                return applications.Where(a => a.Status == EmulatorApplication.Deployed).Select(a => a.Id).ToList();
            }
        }
    }

    /// <summary>Adds an application created now; <paramref name="id"/> defaults to a new UUID, as the API's are.</summary>
    public EmulatorApplication Add(string name, IReadOnlyList<EmulatorApplicationInput>? inputs = null, string status = EmulatorApplication.Deployed, string? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        lock (gate)
        {
            id ??= NewId();
            if (byId.ContainsKey(id))
            {
                throw new ArgumentException($"The emulator already has an application {id}.", nameof(id));
            }

            var created = Now();
            if (applications.Count > 0 && created <= applications[^1].CreatedAt)
            {
                // Creation times order the list: keep them distinct.
                created = applications[^1].CreatedAt.AddMilliseconds(1);
            }

            return Insert(new EmulatorApplication
            {
                Id = id,
                Name = name,
                Status = status,
                CreatedAt = created,
                UpdatedAt = created,
                LastDeployedAt = status == EmulatorApplication.Deployed ? created : null,
                Inputs = inputs ?? [],
            });
        }
    }

    /// <summary>The application with this ID, draft or deployed, or null.</summary>
    public EmulatorApplication? Find(string id)
    {
        lock (gate)
        {
            return byId.GetValueOrDefault(id);
        }
    }

    /// <summary>The application, added as a deployed one named after its ID when a test adds a job to an ID the emulator did not know.</summary>
    internal EmulatorApplication EnsureKnown(string id)
    {
        lock (gate)
        {
            return byId.GetValueOrDefault(id) ?? Add(id, id: id);
        }
    }

    /// <summary>
    /// One page of the deployed applications of <paramref name="type"/> (any type when null), ordered by creation time:
    /// the first <paramref name="limit"/>, or those just after or just before the cursor. Null when the cursor is not
    /// an application of that list.
    /// </summary>
    internal (IReadOnlyList<EmulatorApplication> Page, bool HasMore)? Page(string? after, string? before, int limit, bool descending, string? type)
    {
        lock (gate)
        {
            var listed = applications.Where(a => a.Status == EmulatorApplication.Deployed && (type is null || a.Type == type)).ToList();
            if (descending)
            {
                listed.Reverse();
            }

            var cursor = after ?? before;
            if (cursor is null)
            {
                return (listed.Take(limit).ToList(), listed.Count > limit);
            }

            var at = listed.FindIndex(a => a.Id == cursor);
            if (at < 0)
            {
                return null;
            }

            if (after is not null)
            {
                return (listed.Skip(at + 1).Take(limit).ToList(), at + 1 + limit < listed.Count);
            }

            var start = Math.Max(0, at - limit);
            return (listed.Skip(start).Take(at - start).ToList(), start > 0);
        }
    }

    // The applications given by ID first, then the named ones, a day apart in the past; the same seed, the same IDs.
    private void Seed()
    {
        var total = options.ApplicationIds.Count + options.NamedApplications;
        var start = Now() - TimeSpan.FromDays(total + 1);
        for (var i = 0; i < total; i++)
        {
            var created = start + TimeSpan.FromDays(i);
            var updated = created + TimeSpan.FromMinutes(random.Next(5, 600));
            var (id, name, inputs) = i < options.ApplicationIds.Count
                ? (options.ApplicationIds[i], options.ApplicationIds[i], (IReadOnlyList<EmulatorApplicationInput>)[])
                : Named(i - options.ApplicationIds.Count);
            Insert(new EmulatorApplication { Id = id, Name = name, CreatedAt = created, UpdatedAt = updated, LastDeployedAt = updated, Inputs = inputs });
        }
    }

    private (string Id, string Name, IReadOnlyList<EmulatorApplicationInput> Inputs) Named(int index)
    {
        var (name, inputs) = ApplicationCatalog.At(index);
        return (NewId(), name, inputs);
    }

    private EmulatorApplication Insert(EmulatorApplication application)
    {
        applications.Add(application);
        byId.Add(application.Id, application);
        return application;
    }

    private string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    // Whole milliseconds, as the API writes them.
    private DateTimeOffset Now()
    {
        var now = options.Clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
