using System;
using System.Linq;
using WriterJobs.Creating;

namespace WriterJobs.Tests.Applications;

/// <summary>A job's inputs against its application's schema, before anything is sent.</summary>
public sealed class JobInputSchemaTests
{
    private static readonly WriterApplication Outline = new(
        "3b0d4c57-3d7e-4d6a-9a53-4f0f7c1d2e11",
        "Blog outline",
        "generation",
        "deployed",
        DateTimeOffset.UnixEpoch,
        null,
        null,
        [
            new WriterApplicationInput("topic", "text", required: true),
            new WriterApplicationInput("audience", "dropdown", required: true, list: ["Beginners", "Practitioners"]),
            new WriterApplicationInput("notes", "text", required: false),
        ]);

    private static WriterApiException Refusal(params WriterJobInput[] inputs) =>
        Assert.Throws<WriterApiException>(() => JobInputSchema.Check(Outline, inputs));

    [Fact]
    public void Inputs_the_schema_takes_go_through_under_its_own_spelling()
    {
        var sent = JobInputSchema.Check(Outline, [new("Topic", ["AI"]), new("audience", ["beginners"]), new("notes", ["short"])]);

        Assert.Equal(["topic", "audience", "notes"], sent.Select(i => i.Id));
        Assert.Equal(["Beginners"], sent[1].Values);
    }

    [Fact]
    public void An_unknown_input_is_refused_with_the_application_s_input_names()
    {
        var error = Refusal(new("topic", ["AI"]), new("colour", ["red"]), new("size", ["L"]));

        Assert.Equal(WriterErrorKind.InputUnknown, error.Kind);
        Assert.Equal(
            "Application 'Blog outline' (3b0d4c57-3d7e-4d6a-9a53-4f0f7c1d2e11) has no input 'colour', 'size'; its inputs are topic (required), audience (required), notes.",
            error.Message);
    }

    [Fact]
    public void A_required_input_left_out_or_empty_is_missing()
    {
        var leftOut = Refusal(new WriterJobInput("topic", ["AI"]));
        var empty = Refusal(new("topic", [""]), new("audience", ["Beginners"]));

        Assert.Equal(WriterErrorKind.InputMissing, leftOut.Kind);
        Assert.Contains("requires the input(s) audience,", leftOut.Message, StringComparison.Ordinal);
        Assert.Equal(WriterErrorKind.InputMissing, empty.Kind);
        Assert.Contains("requires the input(s) topic,", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dropdown_value_not_in_its_list_is_refused_with_the_list()
    {
        var error = Refusal(new("topic", ["AI"]), new("audience", ["Everyone"]));

        Assert.Equal(WriterErrorKind.InputNotInList, error.Kind);
        Assert.Equal("Input 'audience' of application 'Blog outline' takes one of 'Beginners', 'Practitioners'; 'Everyone' is not one of them.", error.Message);
    }

    [Fact]
    public void An_empty_optional_input_is_left_out_as_an_empty_CSV_cell()
    {
        var sent = JobInputSchema.Check(Outline, [new("topic", ["AI"]), new("audience", ["Beginners"]), new("notes", [""])]);

        Assert.Equal(["topic", "audience"], sent.Select(i => i.Id));
    }

    [Fact]
    public void An_application_that_declares_no_inputs_is_not_checked()
    {
        var open = new WriterApplication("app-1", "app-1", "generation", "deployed", DateTimeOffset.UnixEpoch, null, null, []);
        WriterJobInput[] inputs = [new("anything", [""])];

        Assert.Same(inputs, JobInputSchema.Check(open, inputs));
    }
}
