using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Wire;

namespace WriterJobs.Http;

/// <summary>The application endpoints: GET /v1/applications (cursor pages) and GET /v1/applications/{id}.</summary>
internal sealed partial class WriterJobsClient
{
    /// <summary>GET /v1/applications/{id}: one application, draft or deployed; a 404 is <see cref="WriterErrorKind.ApplicationNotFound"/>.</summary>
    internal async Task<WriterApplication> GetApplicationAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var url = ApplicationUrl(applicationId);
        try
        {
            return await SendAsync(HttpMethod.Get, url, null, WriterJsonContext.Default.ApplicationDto, null,
                static (dto, _, _) => WireMapper.ToApplication(dto), cancellationToken).ConfigureAwait(false);
        }
        catch (WriterApiException notFound) when (notFound.Kind == WriterErrorKind.NotFound)
        {
            throw ApplicationNotFound(applicationId, notFound);
        }
    }

    /// <summary>
    /// GET /v1/applications, one page of the deployed applications in creation order (oldest first), starting after the
    /// application <paramref name="after"/> (from the start when null). A page whose body broke off is read again, as a
    /// page of jobs is.
    /// </summary>
    internal async Task<WriterApplicationPage> GetApplicationPageAsync(string? after = null, int limit = MaxPageSize, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), $"A page holds 1 to {MaxPageSize} applications.");
        }

        var url = apiRoot.TrimEnd('/') + "?order=asc&limit=" + limit.ToString(CultureInfo.InvariantCulture)
            + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
        for (var reread = 0; ; reread++)
        {
            try
            {
                return await SendAsync(HttpMethod.Get, url, null, WriterJsonContext.Default.ApplicationPageDto, null,
                    static (dto, _, _) => WireMapper.ToApplicationPage(dto), cancellationToken).ConfigureAwait(false);
            }
            catch (WriterApiException broken) when (IsBrokenBody(broken) && reread < retries.MaxRetries)
            {
                log.Verbose($"{broken.Message}; reading the page again ({reread + 1} of {retries.MaxRetries}).");
            }
        }
    }

    /// <summary>Every deployed application, page after page as they are needed (after= the last ID while has_more holds).</summary>
    internal async IAsyncEnumerable<WriterApplication> ListApplicationsAsync(int pageSize = MaxPageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (string? after = null; ;)
        {
            var page = await GetApplicationPageAsync(after, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var application in page.Applications)
            {
                yield return application;
            }

            // A cursor already given would ask for the same pages again, forever.
            if (page.NextAfter is not { } next || !seen.Add(next))
            {
                yield break;
            }

            after = next;
        }
    }

    /// <summary>The 404 of an application's own endpoint, or of its jobs' list or create, told in terms of the application.</summary>
    private static WriterApiException ApplicationNotFound(string applicationId, WriterApiException notFound) => new(
        WriterErrorKind.ApplicationNotFound,
        $"Application '{applicationId}' was not found (404)."
            + (notFound.Descriptions.Any(d => d.IndexOf(applicationId, StringComparison.OrdinalIgnoreCase) < 0) ? " " + string.Join("; ", notFound.Descriptions) : string.Empty),
        notFound.StatusCode,
        notFound.Descriptions,
        notFound.ErrorType,
        errorKeys: notFound.ErrorKeys,
        innerException: notFound);

    private string ApplicationUrl(string applicationId) =>
        string.IsNullOrWhiteSpace(applicationId)
            ? throw new WriterApiException(WriterErrorKind.InvalidInput, "An application ID is required.")
            : apiRoot + Uri.EscapeDataString(applicationId);
}
