using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Output;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests;

/// <summary>Every status the API uses, answered for real by the emulator, down to the PowerShell ErrorId and category.</summary>
public sealed class ErrorStatusTests
{
    [Theory]
    [InlineData(400, WriterErrorKind.BadRequest, "WriterBadRequest", ErrorCategory.InvalidArgument)]
    [InlineData(401, WriterErrorKind.Unauthorized, "WriterUnauthorized", ErrorCategory.AuthenticationError)]
    [InlineData(403, WriterErrorKind.Forbidden, "WriterForbidden", ErrorCategory.PermissionDenied)]
    [InlineData(404, WriterErrorKind.NotFound, "WriterJobNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(409, WriterErrorKind.Conflict, "WriterJobConflict", ErrorCategory.InvalidOperation)]
    [InlineData(410, WriterErrorKind.Gone, "WriterJobGone", ErrorCategory.ObjectNotFound)]
    [InlineData(413, WriterErrorKind.PayloadTooLarge, "WriterRequestTooLarge", ErrorCategory.LimitsExceeded)]
    [InlineData(422, WriterErrorKind.UnprocessableInput, "WriterJobInputInvalid", ErrorCategory.InvalidData)]
    [InlineData(429, WriterErrorKind.TooManyRequests, "WriterQuotaExceeded", ErrorCategory.QuotaExceeded)]
    [InlineData(500, WriterErrorKind.ServerError, "WriterServerError", ErrorCategory.ResourceUnavailable)]
    [InlineData(503, WriterErrorKind.ServiceUnavailable, "WriterServiceUnavailable", ErrorCategory.ResourceUnavailable)]
    [InlineData(507, WriterErrorKind.InsufficientStorage, "WriterInsufficientStorage", ErrorCategory.LimitsExceeded)]
    public async Task Each_status_becomes_its_kind_ErrorId_and_category(int status, WriterErrorKind kind, string errorId, ErrorCategory category)
    {
        await using var scope = await EmulatorScope.StartAsync(connection: s => s.MaxRetries = 0);
        var job = scope.Store.Add("app-1", "failed");
        scope.Faults.ForceStatus(status, job.Id);

        var error = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.GetJobAsync(job.Id));
        var (mappedId, mappedCategory, target) = ErrorMapping.Describe(error, job.Id);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.NotEmpty(error.Descriptions);
        Assert.All(error.Descriptions, d => Assert.Contains(d, error.Message, StringComparison.Ordinal));
        Assert.Equal(errorId, mappedId);
        Assert.Equal(category, mappedCategory);
        Assert.Equal(job.Id, target);
        Assert.Equal(status is 401 or 403, ErrorMapping.StopsTheCommand(error));
    }

    [Fact]
    public async Task A_gone_job_is_410()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var job = scope.Store.Add("app-1", "completed");
        scope.Store.MarkGone(job.Id);

        var error = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.GetJobAsync(job.Id));

        Assert.Equal(WriterErrorKind.Gone, error.Kind);
    }

    [Fact]
    public async Task A_read_only_key_may_read_but_not_retry()
    {
        await using var scope = await EmulatorScope.StartAsync(e => e.ReadOnlyApiKey = "read-only");
        using var readOnly = scope.Connect(s => s.ApiKey = SecretText.Protect("read-only"));
        var job = scope.Store.Add("app-1", "failed");
        var client = readOnly.CreateClient();

        Assert.Equal(nameof(WriterJobStatus.failed), (await client.GetJobAsync(job.Id)).Status);
        var error = await Assert.ThrowsAsync<WriterApiException>(() => client.RetryJobAsync(job.Id));

        Assert.Equal(WriterErrorKind.Forbidden, error.Kind);
        Assert.Equal(0, scope.Store.RetryTriggers(job.Id));
    }

    [Fact]
    public void Every_kind_has_its_own_ErrorId()
    {
        var kinds = Enum.GetValues<WriterErrorKind>();
        var ids = kinds.Select(k => ErrorMapping.For(k).ErrorId).ToList();

        Assert.Equal(kinds.Length, ids.Distinct().Count());
        Assert.DoesNotContain("WriterUnexpectedError", ids);
        Assert.All(ids, id => Assert.StartsWith("Writer", id, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_ErrorId_is_listed_in_the_reliability_notes()
    {
        var notes = File.ReadAllText(RepositoryFiles.PathOf("docs", "reliability.md"));
        var ids = Enum.GetValues<WriterErrorKind>().Select(k => ErrorMapping.For(k).ErrorId)
            .Append(ErrorMapping.Describe(new InvalidOperationException(), null).ErrorId);

        Assert.All(ids, id => Assert.Contains($"`{id}`", notes, StringComparison.Ordinal));
    }

    [Fact]
    public void The_advice_follows_the_servers_words_as_a_sentence_of_its_own()
    {
        var error = new WriterApiException(WriterErrorKind.Unauthorized, "The Writer API refused the API key (401): Invalid API key", 401, advice: WriterAdvice.CheckApiKey);

        var details = ErrorMapping.Details(error)!.Value;

        Assert.StartsWith("The Writer API refused the API key (401): Invalid API key. Check the key", details.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorMapping.Advice(WriterAdvice.CheckApiKey), details.RecommendedAction);
    }

    [Fact]
    public void A_missing_key_says_a_connection_belongs_to_its_runspace()
    {
        var advice = ErrorMapping.Advice(WriterAdvice.GiveApiKey);

        Assert.Contains("this runspace", advice, StringComparison.Ordinal);
        Assert.Contains("ForEach-Object -Parallel", advice, StringComparison.Ordinal);
        Assert.Contains(WriterConnectionSettings.ApiKeyVariable, advice, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_that_stops_the_command_targets_the_job_it_names_not_the_input_it_came_with()
    {
        var input = Guid.NewGuid();
        var named = Guid.NewGuid();
        var stopping = new WriterApiException(WriterErrorKind.Unreachable, $"The Writer API at h cannot be reached (GET /v1/applications/jobs/{named}): refused.", jobId: named);
        var perItem = new WriterApiException(WriterErrorKind.NotFound, $"Job {input} was not found (404).", 404, jobId: input);

        Assert.Equal(named, ErrorMapping.Describe(stopping, input).Target);
        Assert.Equal("app-1", ErrorMapping.Describe(new WriterApiException(WriterErrorKind.Unauthorized, "refused", 401), "app-1").Target);
        Assert.Equal(input, ErrorMapping.Describe(perItem, input).Target);
    }

    [Fact]
    public void An_exception_from_outside_the_engine_is_NotSpecified_with_the_input_as_target()
    {
        var (errorId, category, target) = ErrorMapping.Describe(new InvalidOperationException("boom"), "input-1");

        Assert.Equal("WriterUnexpectedError", errorId);
        Assert.Equal(ErrorCategory.NotSpecified, category);
        Assert.Equal("input-1", target);
    }
}
