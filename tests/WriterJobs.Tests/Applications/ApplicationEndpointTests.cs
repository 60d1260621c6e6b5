using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using WriterJobs.Emulator;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Applications;

/// <summary>GET /v1/applications and GET /v1/applications/{id}: the emulator's answers, and the client's pages and errors.</summary>
public sealed class ApplicationEndpointTests
{
    private static Task<EmulatorScope> StartAsync(int named = 7, params string[] ids) =>
        EmulatorScope.StartAsync(o => { o.ApplicationIds = ids; o.NamedApplications = named; o.Jobs = 40; });

    private static int Requests(EmulatorScope scope, EmulatorEndpoint endpoint) => scope.Emulator.Requests.ForEndpoint(endpoint);

    [Fact]
    public async Task The_client_lists_every_deployed_application_across_cursor_pages_oldest_first()
    {
        await using var scope = await StartAsync(named: 7, "app-1");
        var draft = scope.Emulator.Applications.Add("Unfinished agent", status: EmulatorApplication.Draft);

        var listed = new List<WriterApplication>();
        await foreach (var application in scope.Client.ListApplicationsAsync(pageSize: 3))
        {
            listed.Add(application);
        }

        Assert.Equal(
            ["app-1", "Blog post writer", "Blog outline", "Product description", "Release notes", "Social post", "Support reply", "Meeting summary"],
            listed.Select(a => a.Name));
        Assert.Equal(listed.OrderBy(a => a.CreatedAt).Select(a => a.Id), listed.Select(a => a.Id));
        Assert.DoesNotContain(listed, a => a.Id == draft.Id);
        Assert.All(listed, a => Assert.Equal("deployed", a.Status));
        Assert.Equal(3, Requests(scope, EmulatorEndpoint.ListApplications));
    }

    [Fact]
    public async Task A_page_has_data_has_more_first_id_and_last_id_newest_first_by_default_and_pages_back_with_before()
    {
        await using var scope = await StartAsync(named: 5);
        using var http = RawClient(scope);
        var all = scope.Emulator.Applications.All;

        using var first = await GetJsonAsync(http, "v1/applications?limit=2");
        var root = first.RootElement;
        var ids = root.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal([all[4].Id, all[3].Id], ids);
        Assert.True(root.GetProperty("has_more").GetBoolean());
        Assert.Equal(all[4].Id, root.GetProperty("first_id").GetString());
        Assert.Equal(all[3].Id, root.GetProperty("last_id").GetString());

        using var back = await GetJsonAsync(http, $"v1/applications?order=asc&limit=2&before={all[3].Id}");
        Assert.Equal([all[1].Id, all[2].Id], back.RootElement.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.True(back.RootElement.GetProperty("has_more").GetBoolean());

        using var none = await GetJsonAsync(http, "v1/applications?type=other");
        Assert.Equal(0, none.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("first_id").ValueKind);
        Assert.False(none.RootElement.GetProperty("has_more").GetBoolean());

        using var unknownCursor = await http.GetAsync(new Uri("v1/applications?after=not-an-application", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, unknownCursor.StatusCode);
    }

    [Fact]
    public async Task A_draft_is_read_by_its_ID_with_typed_inputs_of_every_type()
    {
        await using var scope = await StartAsync(named: 5);
        var social = scope.Emulator.Applications.All.Single(a => a.Name == "Social post");
        var releaseNotes = scope.Emulator.Applications.All.Single(a => a.Name == "Release notes");
        var draft = scope.Emulator.Applications.Add("Draft agent", [new("brief", "text", true) { MinFields = 1, MaxFields = 3 }], EmulatorApplication.Draft);

        var read = await scope.Client.GetApplicationAsync(social.Id);
        var files = await scope.Client.GetApplicationAsync(releaseNotes.Id);
        var unfinished = await scope.Client.GetApplicationAsync(draft.Id);

        Assert.Equal(("Social post", "generation", "deployed"), (read.Name, read.Type, read.Status));
        Assert.Equal(social.CreatedAt, read.CreatedAt);
        Assert.Equal(social.LastDeployedAt, read.LastDeployedAt);
        Assert.Equal(["message", "network", "image"], read.Inputs.Select(i => i.Name));
        var network = read.Inputs[1];
        Assert.Equal(("dropdown", true), (network.InputType, network.Required));
        Assert.Equal(["LinkedIn", "X", "Instagram"], network.List);
        var image = read.Inputs[2];
        Assert.Equal(("media", false, 5.0), (image.InputType, image.Required, image.MaxImageSizeMb));
        Assert.Equal(["png", "jpg"], image.FileTypes);
        var changes = files.Inputs[0];
        Assert.Equal(("file", 3, 10.0, 20_000), (changes.InputType, changes.MaxFiles, changes.MaxFileSizeMb, changes.MaxWordCount));
        Assert.Equal(("draft", null, 3), (unfinished.Status, unfinished.LastDeployedAt, unfinished.Inputs[0].MaxFields));
        Assert.Equal(draft.Id, unfinished.ToString());
    }

    [Fact]
    public async Task An_unknown_application_is_ApplicationNotFound_naming_it_for_its_own_endpoint_and_its_jobs()
    {
        await using var scope = await StartAsync(named: 1, "app-1");

        var read = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.GetApplicationAsync("app-404"));
        var list = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.GetJobPageAsync("app-404", null, 0, 10));
        var create = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.CreateJobAsync("app-404", [new WriterJobInput("topic", ["x"])]));

        foreach (var error in new[] { read, list, create })
        {
            Assert.Equal(WriterErrorKind.ApplicationNotFound, error.Kind);
            Assert.Equal(404, error.StatusCode);
            Assert.StartsWith("Application 'app-404' was not found (404).", error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(scope.Store.Ids("app-404"));
    }

    [Fact]
    public async Task Seeded_jobs_spread_across_every_deployed_application_and_a_job_added_for_a_new_ID_makes_its_application()
    {
        await using var scope = await StartAsync(named: 3, "app-1");

        var counts = scope.Emulator.Applications.DeployedIds.Select(id => scope.Store.Ids(id).Count).ToList();
        scope.Store.Add("app-new", "completed");

        Assert.Equal([10, 10, 10, 10], counts);
        Assert.Equal("app-new", (await scope.Client.GetApplicationAsync("app-new")).Name);
        Assert.Single((await scope.Client.GetJobPageAsync("app-new", null, 0, 10)).Jobs);
    }

    [Fact]
    public async Task The_emulator_refuses_a_job_whose_inputs_its_schema_does_not_take()
    {
        await using var scope = await StartAsync(named: 2, "app-1");
        var outline = scope.Emulator.Applications.All.Single(a => a.Name == "Blog outline").Id;

        var unknown = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.CreateJobAsync(outline, [new("topic", ["x"]), new("colour", ["red"])]));
        var missing = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.CreateJobAsync(outline, [new("topic", ["x"])]));
        var stray = await Assert.ThrowsAsync<WriterApiException>(() => scope.Client.CreateJobAsync(outline, [new("topic", ["x"]), new("audience", ["Everyone"])]));
        var accepted = await scope.Client.CreateJobAsync(outline, [new("topic", ["x"]), new("audience", ["Beginners"])]);
        var anything = await scope.Client.CreateJobAsync("app-1", [new("colour", ["red"])]);

        Assert.All([unknown, missing, stray], error => Assert.Equal(WriterErrorKind.BadRequest, error.Kind));
        Assert.Contains("no input 'colour'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("requires the input(s) audience", missing.Message, StringComparison.Ordinal);
        Assert.Contains("not 'Everyone'", stray.Message, StringComparison.Ordinal);
        Assert.Equal(WriterJobStatus.in_progress, accepted.Status);
        Assert.Equal(WriterJobStatus.in_progress, anything.Status);
    }

    [Theory]
    [InlineData("{\"inputs\": [", 400, "not a job's inputs")]
    [InlineData("{\"inputs\": [{\"id\": \"topic\", \"value\": [1]}]}", 400, "$.inputs[0].value[0]")]
    [InlineData("{\"inputs\": [{\"id\": \"topic\"}]}", 400, "'value'")]
    [InlineData("{\"inputs\": [{\"id\": \"topic\", \"value\": null}]}", 400, "'Value'")]
    [InlineData("{}", 400, "'inputs'")]
    [InlineData("{\"inputs\": []}", 422, "non-empty 'inputs'")]
    [InlineData("{\"inputs\": [{\"id\": \" \", \"value\": [\"AI\"]}]}", 422, "non-empty 'id'")]
    [InlineData("", 413, "1048576")]
    public async Task The_emulator_refuses_a_create_body_the_API_would_and_creates_nothing(string body, int status, string named)
    {
        await using var scope = await StartAsync(named: 0, "app-1");
        using var http = RawClient(scope);
        var before = scope.Store.Ids("app-1").Count;

        using var content = new StringContent(status == 413 ? new string(' ', WriterEmulator.MaxRequestBodyBytes + 1) : body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("v1/applications/app-1/jobs", UriKind.Relative), content);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(named, error.RootElement.GetProperty("errors")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, scope.Store.Ids("app-1").Count);
    }

    private static HttpClient RawClient(EmulatorScope scope)
    {
        var http = new HttpClient { BaseAddress = scope.Emulator.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorScope.ApiKey);
        return http;
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
