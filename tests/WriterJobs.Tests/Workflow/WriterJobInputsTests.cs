using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Threading.Tasks;
using WriterJobs.Creating;
using WriterJobs.Output;
using WriterJobs.Tests.Support;
using WriterJobs.Waiting;

namespace WriterJobs.Tests.Workflow;

/// <summary>Start-WriterJob's hashtable → the API's inputs, and creating jobs with them on the emulator.</summary>
public sealed class WriterJobInputsTests
{
    [Fact]
    public void A_string_becomes_a_one_value_input_and_arrays_keep_their_order()
    {
        var table = new OrderedDictionary { ["product"] = "Lamp", ["tags"] = new[] { "b", "a" }, ["notes"] = new object[] { "x", "y" } };

        var inputs = WriterJobInputs.FromDictionary(table);

        Assert.Equal(new[] { "product", "tags", "notes" }, inputs.Select(i => i.Id));
        Assert.Equal(new[] { "Lamp" }, inputs[0].Values);
        Assert.Equal(new[] { "b", "a" }, inputs[1].Values);
        Assert.Equal(new[] { "x", "y" }, inputs[2].Values);
    }

    [Fact]
    public void Values_are_unwrapped_before_they_are_checked()
    {
        var table = new Hashtable { ["name"] = new Wrapped("Lamp"), ["list"] = new object[] { new Wrapped("a") } };

        var inputs = WriterJobInputs.FromDictionary(table, v => v is Wrapped w ? w.Value : v);

        Assert.Equal("Lamp", inputs.Single(i => i.Id == "name").Values.Single());
        Assert.Equal("a", inputs.Single(i => i.Id == "list").Values.Single());
    }

    public static TheoryData<string, object?, string> Refused => new()
    {
        { "number", 42, "Input 'number' is a value of type Int32" },
        { "nested", new Hashtable { ["a"] = "b" }, "Input 'nested' is a value of type Hashtable" },
        { "mixed", new object[] { "a", 1 }, "Input 'mixed' holds a value of type Int32" },
        { "none", null, "Input 'none' is null" },
        { "empty", Array.Empty<string>(), "Input 'empty' is an empty list" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Anything_but_strings_is_refused_naming_the_input(string name, object? value, string message)
    {
        var error = Assert.Throws<WriterApiException>(() => WriterJobInputs.FromDictionary(new Hashtable { [name] = value }));

        Assert.Equal(WriterErrorKind.InvalidInput, error.Kind);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("WriterInvalidArgument", ErrorMapping.For(error.Kind).ErrorId);
    }

    [Fact]
    public void An_empty_table_is_refused() =>
        Assert.Equal(WriterErrorKind.InvalidInput, Assert.Throws<WriterApiException>(() => WriterJobInputs.FromDictionary(new Hashtable())).Kind);

    [Fact]
    public void A_name_that_is_not_a_string_is_refused() =>
        Assert.Contains("input name", Assert.Throws<WriterApiException>(() => WriterJobInputs.FromDictionary(new Hashtable { [1] = "a" })).Message, StringComparison.Ordinal);

    [Fact]
    public async Task Created_jobs_carry_string_and_array_inputs_and_complete_or_fail_by_rule()
    {
        var clock = new InstantClock();
        await using var scope = await EmulatorScope.StartAsync(o => { o.CompletionDelay = TimeSpan.FromMilliseconds(100); o.Clock = clock; });
        var good = WriterJobInputs.FromDictionary(new OrderedDictionary { ["product"] = "Lamp", ["tags"] = new object[] { "warm", "brass" } });
        var bad = WriterJobInputs.FromDictionary(new Hashtable { ["product"] = "FAIL please" });

        var created = (await scope.Client.CreateJobAsync("app-1", good)).ToJob("app-1", DateTimeOffset.UtcNow);
        var failing = (await scope.Client.CreateJobAsync("app-1", bad)).ToJob("app-1", DateTimeOffset.UtcNow);
        var waiter = new WriterJobWaiter(scope.Client, scope.Log, new WriterJobWaitOptions(pollInterval: TimeSpan.FromMilliseconds(50)), clock);
        var wait = waiter.Start(new[] { created, failing });
        await wait.RunToEndAsync();

        Assert.Equal(nameof(WriterJobStatus.in_progress), created.Status);
        Assert.Equal("app-1", created.ApplicationId);
        Assert.Equal(nameof(WriterJobStatus.completed), wait.LatestOf(created.Id)!.Status);
        Assert.Equal("product: Lamp\ntags: warm, brass", wait.LatestOf(created.Id)!.Suggestion);
        Assert.Equal(nameof(WriterJobStatus.failed), wait.LatestOf(failing.Id)!.Status);
        Assert.NotNull(wait.LatestOf(failing.Id)!.Error);
    }

    private sealed record Wrapped(string Value);
}
