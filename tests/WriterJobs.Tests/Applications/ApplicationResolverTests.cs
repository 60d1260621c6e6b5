using System;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Applications;
using WriterJobs.Emulator;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Applications;

/// <summary>An application given by ID or name: a UUID costs no lookup, anything else one read of the list per command.</summary>
public sealed class ApplicationResolverTests
{
    // Nine named applications: the ninth repeats the first name, "Blog post writer".
    private static Task<EmulatorScope> StartAsync() =>
        EmulatorScope.StartAsync(o => { o.ApplicationIds = ["app-1"]; o.NamedApplications = 9; });

    private static int ListReads(EmulatorScope scope) => scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.ListApplications);

    [Fact]
    public async Task Names_resolve_case_insensitively_with_one_read_of_the_list_for_the_whole_command()
    {
        await using var scope = await StartAsync();
        var resolver = new ApplicationResolver(scope.Client);
        var outline = scope.Emulator.Applications.All.Single(a => a.Name == "Blog outline");

        var byName = await resolver.ResolveIdAsync("blog OUTLINE");
        var again = await resolver.ResolveAsync("Blog outline");
        var byId = await resolver.ResolveIdAsync("app-1");

        Assert.Equal(outline.Id, byName);
        Assert.Equal(["topic", "audience"], again.Inputs.Select(i => i.Name));
        Assert.Equal("app-1", byId);
        Assert.Equal(1, ListReads(scope));
    }

    [Fact]
    public async Task A_UUID_is_taken_as_an_ID_without_a_lookup_and_read_by_ID_when_its_inputs_are_needed()
    {
        await using var scope = await StartAsync();
        var draft = scope.Emulator.Applications.Add("Draft agent", status: EmulatorApplication.Draft);
        var resolver = new ApplicationResolver(scope.Client);

        var id = await resolver.ResolveIdAsync(draft.Id);
        var read = await resolver.ResolveAsync(draft.Id);
        await resolver.ResolveAsync(draft.Id);
        var missing = await Assert.ThrowsAsync<WriterApiException>(() => resolver.ResolveAsync(Guid.Empty.ToString()));

        Assert.Equal(draft.Id, id);
        Assert.Equal("draft", read.Status);
        Assert.Equal(0, ListReads(scope));
        Assert.Equal(2, scope.Emulator.Requests.ForEndpoint(EmulatorEndpoint.GetApplication));
        Assert.Equal(WriterErrorKind.ApplicationNotFound, missing.Kind);
    }

    [Fact]
    public async Task A_name_two_applications_share_is_ambiguous_and_names_both_IDs()
    {
        await using var scope = await StartAsync();
        var copies = scope.Emulator.Applications.All.Where(a => a.Name == "Blog post writer").Select(a => a.Id).ToList();

        var error = await Assert.ThrowsAsync<WriterApiException>(() => new ApplicationResolver(scope.Client).ResolveIdAsync("Blog post writer"));

        Assert.Equal(2, copies.Count);
        Assert.Equal(WriterErrorKind.ApplicationAmbiguous, error.Kind);
        Assert.Equal(WriterAdvice.GiveApplicationId, error.Advice);
        Assert.StartsWith("2 applications are named 'Blog post writer': ", error.Message, StringComparison.Ordinal);
        Assert.All(copies, id => Assert.Contains(id, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_name_is_not_found_and_names_the_similar_applications_or_else_all()
    {
        await using var scope = await StartAsync();
        var resolver = new ApplicationResolver(scope.Client);

        var near = await Assert.ThrowsAsync<WriterApiException>(() => resolver.ResolveIdAsync("Blog"));
        var far = await Assert.ThrowsAsync<WriterApiException>(() => resolver.ResolveIdAsync("Payroll"));

        Assert.Equal(WriterErrorKind.ApplicationNotFound, near.Kind);
        Assert.Equal("No application has the ID or name 'Blog'. Similar names: 'Blog post writer', 'Blog outline'.", near.Message);
        Assert.StartsWith("No application has the ID or name 'Payroll'. The applications: 'app-1', 'Blog post writer', 'Blog outline', ", far.Message, StringComparison.Ordinal);
        Assert.Equal(1, ListReads(scope));
    }
}
