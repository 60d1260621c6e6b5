using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Http;

namespace WriterJobs.Applications;

/// <summary>
/// Turns what a user gave as an application (its ID or its name) into the application, for one command. A UUID is an
/// ID, as every application ID of the API is, and costs no lookup; anything else is looked up in the workspace's list,
/// which is read once for the command, by ID first and then by name (case-insensitive, whole name).
/// </summary>
internal sealed class ApplicationResolver
{
    private const int MaxCandidatesNamed = 10;

    private readonly WriterJobsClient client;
    private readonly object gate = new();
    private readonly Dictionary<string, Task<WriterApplication>> resolved = new(StringComparer.Ordinal);
    private Task<IReadOnlyList<WriterApplication>>? list;

    public ApplicationResolver(WriterJobsClient client)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
    }

    /// <summary>The application's ID: a UUID as it is, anything else through the list.</summary>
    public async Task<string> ResolveIdAsync(string value, CancellationToken cancellationToken = default) =>
        IsUuid(value) ? value : Match(value, await ListAsync(cancellationToken).ConfigureAwait(false)).Id;

    /// <summary>The application with its inputs: a UUID read by its ID (a draft too), anything else from the list; each value once.</summary>
    public Task<WriterApplication> ResolveAsync(string value, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (!resolved.TryGetValue(value, out var application))
            {
                application = ReadAsync(value, cancellationToken);
                resolved.Add(value, application);
            }

            return application;
        }
    }

    /// <summary>Every deployed application of the workspace, read on the first call only.</summary>
    public Task<IReadOnlyList<WriterApplication>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return list ??= ReadAllAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The application <paramref name="value"/> names among <paramref name="applications"/>: the one with that ID, else
    /// the one with that name. None is <see cref="WriterErrorKind.ApplicationNotFound"/> naming the likeliest
    /// candidates; several of that name is <see cref="WriterErrorKind.ApplicationAmbiguous"/> naming each by ID.
    /// </summary>
    internal static WriterApplication Match(string value, IReadOnlyList<WriterApplication> applications)
    {
        if (applications.FirstOrDefault(a => string.Equals(a.Id, value, StringComparison.Ordinal)) is { } byId)
        {
            return byId;
        }

        var name = value.Trim();
        var named = applications.Where(a => string.Equals(a.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.Count == 1)
        {
            return named[0];
        }

        if (named.Count > 1)
        {
            throw new WriterApiException(
                WriterErrorKind.ApplicationAmbiguous,
                $"{named.Count} applications are named '{name}': {string.Join(", ", named.Select(a => $"{a.Id} (created {a.CreatedAt:yyyy-MM-dd})"))}.",
                advice: WriterAdvice.GiveApplicationId);
        }

        throw new WriterApiException(WriterErrorKind.ApplicationNotFound, $"No application has the ID or name '{value}'.{Candidates(name, applications)}");
    }

    private static bool IsUuid(string value) => Guid.TryParseExact(value, "D", out _);

    // The names that contain what was given, or that it contains; when none does, every name; at most ten of them.
    private static string Candidates(string name, IReadOnlyList<WriterApplication> applications)
    {
        if (applications.Count == 0)
        {
            return " The workspace lists no application.";
        }

        var names = applications.Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var similar = names.Where(n => n.IndexOf(name, StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf(n, StringComparison.OrdinalIgnoreCase) >= 0).ToList();
        var shown = similar.Count > 0 ? similar : names;
        var more = shown.Count > MaxCandidatesNamed ? $" and {shown.Count - MaxCandidatesNamed} more" : string.Empty;
        return $" {(similar.Count > 0 ? "Similar names" : "The applications")}: {string.Join(", ", shown.Take(MaxCandidatesNamed).Select(n => $"'{n}'"))}{more}.";
    }

    private async Task<WriterApplication> ReadAsync(string value, CancellationToken cancellationToken) =>
        IsUuid(value)
            ? await client.GetApplicationAsync(value, cancellationToken).ConfigureAwait(false)
            : Match(value, await ListAsync(cancellationToken).ConfigureAwait(false));

    private async Task<IReadOnlyList<WriterApplication>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var all = new List<WriterApplication>();
        await foreach (var application in client.ListApplicationsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            all.Add(application);
        }

        return all;
    }
}
