using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Connection;
using WriterJobs.Listing;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests;

/// <summary>The four endpoints over real loopback HTTP against the emulator.</summary>
public sealed class JobClientTests
{
    [Fact]
    public async Task Get_returns_every_field_of_a_completed_job()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var seeded = scope.Store.Add("app-7", "completed");

        var job = await scope.Client.GetJobAsync(seeded.Id);

        Assert.Equal(seeded.Id, job.Id);
        Assert.Equal(nameof(WriterJobStatus.completed), job.Status);
        Assert.Equal("completed", job.StatusText);
        Assert.Equal("app-7", job.ApplicationId);
        Assert.Equal(seeded.CreatedAt, job.CreatedAt);
        Assert.Equal(seeded.CompletedAt, job.CompletedAt);
        Assert.Equal(seeded.Suggestion, job.Suggestion);
        Assert.NotNull(job.Suggestion);
        Assert.Null(job.Error);
        Assert.True(DateTimeOffset.UtcNow - job.RetrievedAt < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_request_writes_one_debug_line_of_method_and_path_and_none_when_debug_is_not_read()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var id = scope.Store.Add("app-1", "completed").Id;
        var quiet = new DebugCountingLog();

        await scope.Client.GetJobAsync(id);
        await scope.Connection.CreateClient(quiet).GetJobAsync(id);

        Assert.Equal(["DEBUG: GET /v1/applications/jobs/" + id.ToString("D")], scope.Log.Lines.Where(l => l.StartsWith("DEBUG:", StringComparison.Ordinal)));
        Assert.Equal(0, quiet.DebugLines);
    }

    [Fact]
    public async Task Every_request_offers_to_take_a_compressed_answer()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var id = scope.Store.Add("app-1", "completed").Id;

        await scope.Client.GetJobAsync(id);
        await scope.Client.GetJobPageAsync("app-1", null, 0, 10);

        var requests = scope.Emulator.Requests.Recent;
        Assert.True(Assert.Single(requests, r => r.Path.EndsWith(id.ToString("D"), StringComparison.OrdinalIgnoreCase)).AcceptedGzip);
        Assert.True(Assert.Single(requests, r => r.Path.EndsWith("/jobs", StringComparison.Ordinal)).AcceptedGzip);
    }

    [Fact]
    public async Task Get_keeps_a_status_word_it_does_not_know()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var seeded = scope.Store.Add("app-1", "paused");

        var job = await scope.Client.GetJobAsync(seeded.Id);

        Assert.Equal(nameof(WriterJobStatus.unknown), job.Status);
        Assert.Equal("paused", job.StatusText);
    }

    [Fact]
    public async Task Get_ignores_unknown_fields_and_accepts_missing_optional_ones()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var seeded = scope.Store.Add("app-1", "failed");
        scope.Store.SetRawBody(seeded.Id, "application/json",
            $$"""{"id":"{{seeded.Id}}","status":"failed","application_id":"app-1","created_at":"2026-11-01T10:00:00Z","priority":3,"labels":["a"],"data":null}""");

        var job = await scope.Client.GetJobAsync(seeded.Id);

        Assert.Equal(nameof(WriterJobStatus.failed), job.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), job.CreatedAt);
        Assert.Null(job.UpdatedAt);
        Assert.Null(job.CompletedAt);
        Assert.Null(job.Suggestion);
        Assert.Null(job.Error);
    }

    [Theory]
    [InlineData("""{"status":"failed","application_id":"a","created_at":"2026-11-01T10:00:00Z"}""", "'id'")]
    [InlineData("""{"id":"ID","application_id":"a","created_at":"2026-11-01T10:00:00Z"}""", "'status'")]
    [InlineData("""{"id":"ID","status":"failed","created_at":"2026-11-01T10:00:00Z"}""", "'application_id'")]
    [InlineData("""{"id":"ID","status":"failed","application_id":"a"}""", "'created_at'")]
    public async Task Get_reports_a_missing_required_field(string body, string field)
    {
        await using var scope = await EmulatorScope.StartAsync();
        var seeded = scope.Store.Add("app-1", "failed");
        scope.Store.SetRawBody(seeded.Id, "application/json", body.Replace("ID", seeded.Id.ToString(), StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.GetJobAsync(seeded.Id));

        Assert.Equal(WriterErrorKind.InvalidResponse, error.Kind);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Equal(seeded.Id, error.JobId);
    }

    [Fact]
    public async Task Get_of_an_unknown_job_is_NotFound_with_the_APIs_description()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.GetJobAsync(id));

        Assert.Equal(WriterErrorKind.NotFound, error.Kind);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NotFound", error.ErrorType);
        Assert.NotEmpty(error.Descriptions);
        // The API's description only repeats that the job was not found: the message says it once.
        Assert.Equal($"Job {id} was not found (404).", error.Message);
        Assert.Equal(id, error.JobId);
    }

    [Fact]
    public async Task A_wrong_key_is_Unauthorized_and_stops_the_command()
    {
        await using var scope = await EmulatorScope.StartAsync();
        using var wrong = scope.Connect(s => s.ApiKey = SecretText.Protect("not-the-key"));
        var seeded = scope.Store.Add("app-1", "failed");

        var error = await Assert.ThrowsAsync<WriterApiException>(() => wrong.CreateClient().GetJobAsync(seeded.Id));

        Assert.Equal(WriterErrorKind.Unauthorized, error.Kind);
        Assert.True(error.StopsTheCommand);
        Assert.DoesNotContain("not-the-key", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_of_a_failed_job_is_accepted_and_triggers_it_once()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var seeded = scope.Store.Add("app-1", "failed", "model timed out");

        var accepted = await scope.Client.RetryJobAsync(seeded.Id);

        Assert.Equal(seeded.Id, accepted.Id);
        Assert.Equal(WriterJobStatus.in_progress, accepted.Status);
        Assert.Equal(1, scope.Store.RetryTriggers(seeded.Id));
        Assert.Equal(nameof(WriterJobStatus.in_progress), (await scope.Client.GetJobAsync(seeded.Id)).Status);
    }

    [Fact]
    public async Task Retry_of_a_completed_job_is_a_Conflict()
    {
        await using var scope = await EmulatorScope.StartAsync();
        var seeded = scope.Store.Add("app-1", "completed");

        var error = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.RetryJobAsync(seeded.Id));

        Assert.Equal(WriterErrorKind.Conflict, error.Kind);
        Assert.Equal(0, scope.Store.RetryTriggers(seeded.Id));
    }

    [Fact]
    public async Task List_follows_every_page_in_order()
    {
        await using var scope = await EmulatorScope.StartAsync(e => { e.Jobs = 1050; e.ApplicationIds = ["app-a", "app-b"]; });
        var expected = scope.Store.Ids("app-a");

        var listed = (await scope.Client.ListAsync(new JobListQuery("app-a", pageSize: 100))).Select(j => j.Id).ToList();

        Assert.Equal(expected.Count, listed.Count);
        Assert.Equal(expected.ToHashSet(), listed.ToHashSet());
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.True(listed.Count > 100, "the seed spreads enough jobs over app-a to need several pages");
    }

    [Fact]
    public async Task List_filters_by_status_and_starts_at_skip()
    {
        await using var scope = await EmulatorScope.StartAsync(e => e.Jobs = 300);
        var failed = scope.Store.Ids("app-1", "failed");

        var all = await scope.Client.ListAsync(new JobListQuery("app-1", WriterJobStatus.failed, pageSize: 40));
        var skipped = await scope.Client.ListAsync(new JobListQuery("app-1", WriterJobStatus.failed, skip: 10, pageSize: 40));

        Assert.All(all, j => Assert.Equal(nameof(WriterJobStatus.failed), j.Status));
        Assert.Equal(failed.ToHashSet(), all.Select(j => j.Id).ToHashSet());
        Assert.Equal(all.Skip(10).Select(j => j.Id), skipped.Select(j => j.Id));
    }

    [Fact]
    public async Task List_of_an_application_without_jobs_is_empty()
    {
        // Round robin puts the one job on app-1: idle-app is known and has none.
        await using var scope = await EmulatorScope.StartAsync(e => { e.Jobs = 1; e.ApplicationIds = ["app-1", "idle-app"]; });

        Assert.Empty(await scope.Client.ListAsync(new JobListQuery("idle-app")));
    }

    // The emulator's jobs complete on the test's fake clock, which an emulator in another process cannot share.
    [Fact]
    [Trait("Emulator", "InProcess")]
    public async Task Create_sends_string_and_array_inputs_and_the_job_completes()
    {
        var clock = new InstantClock();
        await using var scope = await EmulatorScope.StartAsync(e => { e.CompletionDelay = TimeSpan.FromMilliseconds(200); e.Clock = clock; });
        var inputs = new[]
        {
            new WriterJobInput("topic", ["Quarterly report"]),
            new WriterJobInput("keywords", ["revenue", "growth"]),
        };

        var accepted = await scope.Client.CreateJobAsync("app-1", inputs);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var job = await scope.Client.GetJobAsync(accepted.Id);

        Assert.Equal(WriterJobStatus.in_progress, accepted.Status);
        Assert.Equal("app-1", job.ApplicationId);
        Assert.Equal(nameof(WriterJobStatus.completed), job.Status);
        Assert.Contains("growth", job.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_without_inputs_is_refused_as_unprocessable()
    {
        await using var scope = await EmulatorScope.StartAsync();

        var error = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.CreateJobAsync("app-1", []));

        Assert.Equal(WriterErrorKind.UnprocessableInput, error.Kind);
    }

    /// <summary>A log whose reader hides Debug lines, counting any that are built anyway.</summary>
    private sealed class DebugCountingLog : IWriterLog
    {
        public int DebugLines { get; private set; }

        public bool IsDebugEnabled => false;

        public void Verbose(string message)
        {
        }

        public void Debug(string message) => DebugLines++;

        public void Warning(string message)
        {
        }
    }
}
