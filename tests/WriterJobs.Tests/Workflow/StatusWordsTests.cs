using System;
using System.Linq;
using System.Reflection;

namespace WriterJobs.Tests.Workflow;

/// <summary>
/// Statuses and actions reach PowerShell as words: ConvertTo-Json writes an enum as its number (Windows PowerShell 5.1
/// always), so no property of what the cmdlets write is an enum. Output.Tests.ps1 proves the JSON and CSV.
/// </summary>
public sealed class StatusWordsTests
{
    private static readonly Type[] Written = [typeof(WriterJob), typeof(WriterJobRetryResult), typeof(WriterConnectionInfo)];

    [Theory]
    [InlineData("in_progress", "in_progress")]
    [InlineData("failed", "failed")]
    [InlineData("completed", "completed")]
    [InlineData("paused", "unknown")]
    public void A_job_status_is_the_word_of_its_enum_member(string wire, string word)
    {
        var job = new WriterJob(Guid.NewGuid(), wire, "app-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        Assert.Equal(word, job.Status);
        Assert.Equal(wire, job.StatusText);
        Assert.Equal(Enum.Parse<WriterJobStatus>(word), job.State);
    }

    [Fact]
    public void A_retry_record_has_its_action_and_statuses_as_words_and_no_status_as_nothing()
    {
        foreach (var action in Enum.GetValues<WriterJobRetryAction>())
        {
            var record = new WriterJobRetryResult(Guid.NewGuid(), "app-1", WriterJobStatus.failed, action, WriterJobStatus.in_progress, DateTimeOffset.UtcNow, "m");

            Assert.Equal(action.ToString(), record.Action);
            Assert.Equal("failed", record.PreviousStatus);
            Assert.Equal("in_progress", record.Status);
        }

        var forced = new WriterJobRetryResult(Guid.NewGuid(), null, null, WriterJobRetryAction.Retried, null, DateTimeOffset.UtcNow, "m");
        Assert.Null(forced.PreviousStatus);
        Assert.Null(forced.Status);
    }

    [Fact]
    public void No_property_of_what_the_cmdlets_write_is_an_enum()
    {
        var enums = Written.SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(property => (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).IsEnum)
            .Select(property => $"{property.DeclaringType!.Name}.{property.Name}");

        Assert.Empty(enums);
    }

    [Fact]
    public void Get_Member_meets_no_engine_method_on_what_the_cmdlets_write()
    {
        var methods = Written.SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => !method.IsSpecialName && method.Name != nameof(ToString))
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}");

        Assert.Empty(methods);
    }
}
