using System;
using System.Collections.Generic;
using WriterJobs.Connection;
using WriterJobs.Output;

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
    [InlineData(WriterConnectionSettings.MaxRetriesVariable, "50")]
    [InlineData(WriterConnectionSettings.TimeoutVariable, "0")]
    [InlineData(WriterConnectionSettings.RequestsPerMinuteVariable, "0.5")]
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

    [Theory]
    [InlineData("https://api.writer.com", null)]
    [InlineData("http://127.0.0.1:5080/", null)]
    [InlineData("https://api.writer.com/v1", "path")]
    [InlineData("https://api.writer.com/?x=1", "path")]
    [InlineData("https://api.writer.com/#top", "path")]
    [InlineData("https://admin:s3cret@api.writer.com/", "password")]
    [InlineData("ftp://api.writer.com/", "http")]
    public void A_base_uri_is_the_root_of_an_http_site(string uri, string? problemMentions)
    {
        var problem = WriterConnectionSettings.BaseUriProblem(new Uri(uri));

        if (problemMentions is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(problemMentions, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_base_uri_with_a_password_is_refused_without_showing_it()
    {
        var settings = Support.EmulatorScope.Settings(new Uri("http://admin:s3cret@127.0.0.1:9/"), "k");

        var error = Assert.Throws<WriterApiException>(settings.Validate);

        Assert.Equal(WriterErrorKind.InvalidInput, error.Kind);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:9/", WriterConnectionSettings.Shown(new Uri("http://admin:s3cret@127.0.0.1:9/")));
    }

    [Theory]
    [InlineData("k\n")]
    [InlineData("  k\r\n")]
    public void Whitespace_around_the_key_is_trimmed(string key)
    {
        var settings = Support.EmulatorScope.Settings(new Uri("http://127.0.0.1:9/"), key);

        settings.Validate();

        Assert.Equal(1, settings.Clone().ApiKey!.Length);
    }

    [Fact]
    public void A_control_character_inside_the_key_is_WriterApiKeyMalformed_and_stops_the_command()
    {
        var settings = Support.EmulatorScope.Settings(new Uri("http://127.0.0.1:9/"), "k3y-part\nk3y-rest");

        var error = Assert.Throws<WriterApiException>(settings.Validate);

        Assert.Equal("WriterApiKeyMalformed", ErrorMapping.For(error.Kind).ErrorId);
        Assert.True(error.StopsTheCommand);
        Assert.DoesNotContain("k3y", error.Message, StringComparison.Ordinal);
    }

    private static WriterConnectionSettings FromEnvironment(Dictionary<string, string> variables) =>
        WriterConnectionSettings.FromEnvironment(name => variables.GetValueOrDefault(name));
}
