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
    private readonly EmulatorOptions options;

    // Its own generator, so adding applications leaves the job store's seeded job IDs as they were.
    private readonly Random random;

    internal EmulatorApplicationStore(EmulatorOptions options)
    {
        this.options = options;
        random = new Random(unchecked((options.Seed * 397) ^ 0x0A99));

        // The applications given by ID first, then the named ones, a day apart in the past; the same seed, the same IDs.
        var total = options.ApplicationIds.Count + options.NamedApplications;
        var start = options.Now() - TimeSpan.FromDays(total + 1);
        for (var i = 0; i < total; i++)
        {
            var created = start + TimeSpan.FromDays(i);
            var updated = created + TimeSpan.FromMinutes(random.Next(5, 600));
            var byId = i < options.ApplicationIds.Count;
            var (name, inputs) = byId ? (options.ApplicationIds[i], []) : ApplicationCatalog.At(i - options.ApplicationIds.Count);
            var id = byId ? options.ApplicationIds[i] : EmulatorJobStore.NewId(random).ToString("D");
            applications.Add(new EmulatorApplication { Id = id, Name = name, CreatedAt = created, UpdatedAt = updated, LastDeployedAt = updated, Inputs = inputs });
        }
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
    public IReadOnlyList<string> DeployedIds => All.Where(a => a.Status == EmulatorApplication.Deployed).Select(a => a.Id).ToList();

    /// <summary>Adds an application created now; <paramref name="id"/> defaults to a new UUID, as the API's are.</summary>
    public EmulatorApplication Add(string name, IReadOnlyList<EmulatorApplicationInput>? inputs = null, string status = EmulatorApplication.Deployed, string? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        lock (gate)
        {
            id ??= EmulatorJobStore.NewId(random).ToString("D");
            if (Find(id) is not null)
            {
                throw new ArgumentException($"The emulator already has an application {id}.", nameof(id));
            }

            // Creation times order the list: keep them distinct.
            var created = options.Now();
            created = applications.Count > 0 && created <= applications[^1].CreatedAt ? applications[^1].CreatedAt.AddMilliseconds(1) : created;
            var application = new EmulatorApplication
            {
                Id = id,
                Name = name,
                Status = status,
                CreatedAt = created,
                UpdatedAt = created,
                LastDeployedAt = status == EmulatorApplication.Deployed ? created : null,
                Inputs = inputs ?? [],
            };
            applications.Add(application);
            return application;
        }
    }

    /// <summary>The application with this ID, draft or deployed, or null.</summary>
    public EmulatorApplication? Find(string id)
    {
        lock (gate)
        {
            return applications.Find(application => application.Id == id);
        }
    }

    /// <summary>The application, added as a deployed one named after its ID when a test adds a job to an ID the emulator did not know.</summary>
    internal EmulatorApplication EnsureKnown(string id)
    {
        lock (gate)
        {
            return Find(id) ?? Add(id, id: id);
        }
    }

    /// <summary>
    /// One page of the deployed applications of <paramref name="type"/> (any type when null), ordered by creation time:
    /// the first <paramref name="limit"/>, or those just after or just before the cursor. Null when the cursor is not
    /// an application of that list.
    /// </summary>
    internal (IReadOnlyList<EmulatorApplication> Page, bool HasMore)? Page(string? after, string? before, int limit, bool descending, string? type)
    {
        var listed = All.Where(a => a.Status == EmulatorApplication.Deployed && (type is null || a.Type == type)).ToList();
        if (descending)
        {
            listed.Reverse();
        }

        var at = listed.FindIndex(a => a.Id == (after ?? before));
        if (after is null && before is null)
        {
            return (listed.Take(limit).ToList(), listed.Count > limit);
        }

        var start = after is not null ? at + 1 : Math.Max(0, at - limit);
        var end = after is not null ? Math.Min(listed.Count, at + 1 + limit) : at;
        return at < 0 ? null : (listed[start..end], after is not null ? end < listed.Count : start > 0);
    }
}
