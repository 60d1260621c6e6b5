using System;
using System.Globalization;

namespace WriterJobs.Connection;

/// <summary>The settings a scheduled run or a CI job gives in environment variables.</summary>
internal sealed partial class WriterConnectionSettings
{
    public const string ApiKeyVariable = "WRITER_API_KEY";
    public const string BaseUrlVariable = "WRITER_BASE_URL";
    public const string MaxRetriesVariable = "WRITER_MAX_RETRIES";
    public const string TimeoutVariable = "WRITER_TIMEOUT_SECONDS";
    public const string RequestsPerMinuteVariable = "WRITER_REQUESTS_PER_MINUTE";

    /// <summary>Reads WRITER_API_KEY, WRITER_BASE_URL, WRITER_MAX_RETRIES, WRITER_TIMEOUT_SECONDS and WRITER_REQUESTS_PER_MINUTE.</summary>
    public static WriterConnectionSettings FromEnvironment(Func<string, string?> getVariable)
    {
        if (getVariable is null)
        {
            throw new ArgumentNullException(nameof(getVariable));
        }

        var settings = new WriterConnectionSettings();
        var key = getVariable(ApiKeyVariable);
        if (!string.IsNullOrEmpty(key))
        {
            settings.ApiKey = SecretText.Protect(key!);
        }

        var baseUrl = getVariable(BaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            // Not echoed when it does not parse: such a URL may still hold a password that Shown cannot find.
            var uri = Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed)
                ? parsed
                : throw new WriterApiException(WriterErrorKind.BaseUriInvalid, $"The environment variable {BaseUrlVariable} is not an absolute URL; give the API's root, such as {DefaultBaseUri}.");
            settings.BaseUri = BaseUriProblem(uri) is { } problem
                ? throw new WriterApiException(WriterErrorKind.BaseUriInvalid, $"The environment variable {BaseUrlVariable} '{Shown(uri)}' {problem}")
                : uri;
        }

        // The same ranges as Connect-Writer's -MaxRetries, -RequestTimeout and -RequestsPerMinute.
        if (ReadNumber(getVariable, MaxRetriesVariable, 0, MaxRetriesLimit, wholeNumber: true, $"a whole number from 0 to {MaxRetriesLimit}") is { } retries)
        {
            settings.MaxRetries = (int)retries;
        }

        if (ReadNumber(getVariable, TimeoutVariable, double.Epsilon, RequestTimeoutLimitSeconds, wholeNumber: false, $"a number of seconds above 0 and at most {RequestTimeoutLimitSeconds}") is { } seconds)
        {
            settings.RequestTimeout = TimeSpan.FromSeconds(seconds);
        }

        if (ReadNumber(getVariable, RequestsPerMinuteVariable, 1, RequestsPerMinuteLimit, wholeNumber: false, $"a number from 1 to {RequestsPerMinuteLimit:0}") is { } rate)
        {
            settings.RequestsPerMinute = rate;
        }

        return settings;
    }

    private static double? ReadNumber(Func<string, string?> getVariable, string name, double min, double max, bool wholeNumber, string expected)
    {
        var text = getVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            && (!wholeNumber || Math.Floor(value) == value)
            ? value
            : throw InvalidVariable(name, text!, expected);
    }

    private static WriterApiException InvalidVariable(string name, string value, string expected) =>
        new(WriterErrorKind.InvalidInput, $"The environment variable {name} is '{value}'; it must be {expected}.");
}
