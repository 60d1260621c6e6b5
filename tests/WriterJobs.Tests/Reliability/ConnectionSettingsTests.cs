using System;
using System.Collections.Generic;

namespace WriterJobs.Tests.Reliability;

/// <summary>Retry count, timeout and rate come from the WRITER_* variables too; a bad value is a clear error, not a default.</summary>
public sealed class ConnectionSettingsTests
{
    [Fact]
    public void The_environment_sets_retries_timeout_and_rate()
    {
        var settings = FromEnvironment(new()
        {
            [WriterConnectionSettings.ApiKeyVariable] = "env-key",
            [WriterConnectionSettings.MaxRetriesVariable] = "7",
            [WriterConnectionSettings.TimeoutVariable] = "2.5",
            [WriterConnectionSettings.RequestsPerMinuteVariable] = "120",
        });

        Assert.Equal(7, settings.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.RequestTimeout);
        Assert.Equal(120, settings.RequestsPerMinute);
        Assert.DoesNotContain("env-key", settings.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WriterConnectionSettings.MaxRetriesVariable, "many")]
    [InlineData(WriterConnectionSettings.TimeoutVariable, "-1")]
    [InlineData(WriterConnectionSettings.BaseUrlVariable, "not a url")]
    public void A_bad_variable_is_WriterInvalidArgument_naming_it(string name, string value)
    {
        var error = Assert.Throws<WriterApiException>(() => FromEnvironment(new() { [name] = value }));

        Assert.Equal("WriterInvalidArgument", ErrorMapping.Describe(error, null).ErrorId);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 0)]
    public void A_negative_backoff_or_an_empty_body_limit_is_refused(int backoffMilliseconds, long maxResponseBytes)
    {
        var settings = Support.EmulatorScope.Settings(new Uri("http://127.0.0.1:9/"), "k");
        settings.RetryBaseDelay = TimeSpan.FromMilliseconds(backoffMilliseconds);
        settings.MaxResponseBytes = maxResponseBytes;

        var error = Assert.Throws<WriterApiException>(settings.Validate);

        Assert.Equal(WriterErrorKind.InvalidInput, error.Kind);
    }

    private static WriterConnectionSettings FromEnvironment(Dictionary<string, string> variables) =>
        WriterConnectionSettings.FromEnvironment(name => variables.GetValueOrDefault(name));
}
