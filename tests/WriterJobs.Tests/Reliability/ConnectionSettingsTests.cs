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
    [InlineData(WriterConnectionSettings.MaxRetriesVariable, "50")]
    [InlineData(WriterConnectionSettings.MaxRetriesVariable, "2.5")]
    [InlineData(WriterConnectionSettings.TimeoutVariable, "0")]
    [InlineData(WriterConnectionSettings.TimeoutVariable, "1e10")]
    [InlineData(WriterConnectionSettings.TimeoutVariable, "3600.5")]
    [InlineData(WriterConnectionSettings.RequestsPerMinuteVariable, "0.5")]
    [InlineData(WriterConnectionSettings.RequestsPerMinuteVariable, "1e8")]
    public void A_bad_variable_is_WriterInvalidArgument_naming_it(string name, string value)
    {
        var error = Assert.Throws<WriterApiException>(() => FromEnvironment(new() { [name] = value }));

        Assert.Equal("WriterInvalidArgument", ErrorMapping.Describe(error, null).ErrorId);
        Assert.Contains($"{name} is '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_variables_take_the_same_ranges_as_the_parameters()
    {
        var settings = FromEnvironment(new()
        {
            [WriterConnectionSettings.MaxRetriesVariable] = "20",
            [WriterConnectionSettings.TimeoutVariable] = "3600",
            [WriterConnectionSettings.RequestsPerMinuteVariable] = "10000000",
        });

        Assert.Equal(WriterConnectionSettings.MaxRetriesLimit, settings.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(WriterConnectionSettings.RequestTimeoutLimitSeconds), settings.RequestTimeout);
        Assert.Equal(WriterConnectionSettings.RequestsPerMinuteLimit, settings.RequestsPerMinute);
    }

    [Theory]
    [InlineData("not a url", null)]
    [InlineData("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v1")]
    [InlineData("https://api.writer.com/?token=s3cret", "https://api.writer.com/?...")]
    [InlineData("https://admin:s3cret@api.writer.com/", "https://api.writer.com/")]
    public void A_bad_WRITER_BASE_URL_is_WriterBaseUriInvalid_naming_it_and_never_its_query_or_password(string value, string? shown)
    {
        var error = Assert.Throws<WriterApiException>(() => FromEnvironment(new() { [WriterConnectionSettings.BaseUrlVariable] = value }));

        Assert.Equal("WriterBaseUriInvalid", ErrorMapping.Describe(error, null).ErrorId);
        Assert.StartsWith($"The environment variable {WriterConnectionSettings.BaseUrlVariable} ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        if (shown is not null)
        {
            Assert.Contains($"'{shown}'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Settings_are_checked_without_a_key_as_every_command_checks_them()
    {
        var settings = FromEnvironment(new() { [WriterConnectionSettings.BaseUrlVariable] = "http://api.example.com/" });

        settings.ApiKey = null;
        var error = Assert.Throws<WriterApiException>(settings.ValidateExceptMissingKey);

        Assert.Equal(WriterErrorKind.InsecureTransport, error.Kind);
        FromEnvironment(new()).ValidateExceptMissingKey();
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

        Assert.Equal(WriterErrorKind.BaseUriInvalid, error.Kind);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:9/", WriterConnectionSettings.Shown(new Uri("http://admin:s3cret@127.0.0.1:9/")));
    }

    [Theory]
    [InlineData("https://api.writer.com/?token=s3cret", "https://api.writer.com/?...")]
    [InlineData("https://api.writer.com/v1#access_token=s3cret", "https://api.writer.com/v1#...")]
    [InlineData("http://u:s3cret@127.0.0.1:9/p?q=s3cret#s3cret", "http://127.0.0.1:9/p?...#...")]
    [InlineData("https://api.writer.com", "https://api.writer.com/")]
    public void A_uri_is_shown_without_its_query_fragment_or_password(string uri, string shown) =>
        Assert.Equal(shown, WriterConnectionSettings.Shown(new Uri(uri)));

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
