using System;
using System.Management.Automation;
using WriterJobs.Connection;

namespace WriterJobs.Output;

/// <summary>Turns engine exceptions into PowerShell error parts: a pure function, so tests check every case without a host.</summary>
internal static class ErrorMapping
{
    /// <summary>Where .NET takes a proxy's login from when Connect-Writer gave no proxy.</summary>
    private const string ProxyVariables = "the HTTP_PROXY or HTTPS_PROXY environment variable";

    /// <summary>The stable ErrorId and the category for each kind of failure.</summary>
    public static (string ErrorId, ErrorCategory Category) For(WriterErrorKind kind) => kind switch
    {
        WriterErrorKind.BadRequest => ("WriterBadRequest", ErrorCategory.InvalidArgument),
        WriterErrorKind.Unauthorized => ("WriterUnauthorized", ErrorCategory.AuthenticationError),
        WriterErrorKind.Forbidden => ("WriterForbidden", ErrorCategory.PermissionDenied),
        WriterErrorKind.NotFound => ("WriterJobNotFound", ErrorCategory.ObjectNotFound),
        WriterErrorKind.Conflict => ("WriterJobConflict", ErrorCategory.InvalidOperation),
        WriterErrorKind.Gone => ("WriterJobGone", ErrorCategory.ObjectNotFound),
        WriterErrorKind.PayloadTooLarge => ("WriterRequestTooLarge", ErrorCategory.LimitsExceeded),
        WriterErrorKind.UnprocessableInput => ("WriterJobInputInvalid", ErrorCategory.InvalidData),
        WriterErrorKind.TooManyRequests => ("WriterQuotaExceeded", ErrorCategory.QuotaExceeded),
        WriterErrorKind.OtherClientError => ("WriterRequestRejected", ErrorCategory.InvalidOperation),
        WriterErrorKind.ServerError => ("WriterServerError", ErrorCategory.ResourceUnavailable),
        WriterErrorKind.BadGateway => ("WriterBadGateway", ErrorCategory.ConnectionError),
        WriterErrorKind.ServiceUnavailable => ("WriterServiceUnavailable", ErrorCategory.ResourceUnavailable),
        WriterErrorKind.InsufficientStorage => ("WriterInsufficientStorage", ErrorCategory.LimitsExceeded),
        WriterErrorKind.Timeout => ("WriterRequestTimeout", ErrorCategory.OperationTimeout),
        WriterErrorKind.ConnectionFailed => ("WriterConnectionFailed", ErrorCategory.ConnectionError),
        WriterErrorKind.Unreachable => ("WriterApiUnreachable", ErrorCategory.ConnectionError),
        WriterErrorKind.InvalidResponse => ("WriterInvalidResponse", ErrorCategory.ProtocolError),
        WriterErrorKind.InsecureTransport => ("WriterInsecureTransport", ErrorCategory.SecurityError),
        WriterErrorKind.RedirectRefused => ("WriterRedirectRefused", ErrorCategory.SecurityError),
        WriterErrorKind.OutcomeUnknown => ("WriterOutcomeUnknown", ErrorCategory.InvalidResult),
        WriterErrorKind.MissingCredentials => ("WriterApiKeyMissing", ErrorCategory.AuthenticationError),
        WriterErrorKind.InvalidInput => ("WriterInvalidArgument", ErrorCategory.InvalidArgument),
        WriterErrorKind.MalformedCredentials => ("WriterApiKeyMalformed", ErrorCategory.InvalidArgument),
        WriterErrorKind.RetryHistoryInvalid => ("WriterRetryHistoryInvalid", ErrorCategory.InvalidData),
        WriterErrorKind.RetryHistoryBusy => ("WriterRetryHistoryBusy", ErrorCategory.ResourceBusy),
        WriterErrorKind.ProxyAuthenticationRequired => ("WriterProxyAuthenticationRequired", ErrorCategory.AuthenticationError),
        WriterErrorKind.ApplicationNotFound => ("WriterApplicationNotFound", ErrorCategory.ObjectNotFound),
        WriterErrorKind.ApplicationAmbiguous => ("WriterApplicationAmbiguous", ErrorCategory.InvalidArgument),
        WriterErrorKind.InputUnknown => ("WriterJobInputUnknown", ErrorCategory.InvalidArgument),
        WriterErrorKind.InputMissing => ("WriterJobInputMissing", ErrorCategory.InvalidArgument),
        WriterErrorKind.InputNotInList => ("WriterJobInputNotInList", ErrorCategory.InvalidArgument),
        WriterErrorKind.BaseUriInvalid => ("WriterBaseUriInvalid", ErrorCategory.InvalidArgument),
        _ => ("WriterUnexpectedError", ErrorCategory.NotSpecified),
    };

    /// <summary>
    /// ErrorId, category and target for any exception a command meets; the target is the pipeline input it concerns. An
    /// error that stops the command may come from another item's request than the input it is delivered with (the API
    /// out of reach): its target is then the job its message names.
    /// </summary>
    public static (string ErrorId, ErrorCategory Category, object? Target) Describe(Exception error, object? target) => error switch
    {
        WriterApiException { StopsTheCommand: true, JobId: { } named } api => Append(For(api.Kind), named),
        WriterApiException api => Append(For(api.Kind), target ?? api.JobId),
        _ => ("WriterUnexpectedError", ErrorCategory.NotSpecified, target),
    };

    /// <summary>
    /// What to do about it, worded in this module's commands and parameters: the engine's messages state the fact and
    /// name the advice, and only the cmdlets know how it is done in PowerShell. Null for <see cref="WriterAdvice.None"/>.
    /// </summary>
    internal static string? Advice(WriterAdvice advice) => advice switch
    {
        // A connection belongs to the runspace that made it: ForEach-Object -Parallel and thread jobs start without one.
        WriterAdvice.GiveApiKey =>
            $"Run 'Connect-Writer -ApiKey (Read-Host -AsSecureString)' in this runspace (a connection does not reach ForEach-Object -Parallel or thread jobs), or set the {WriterConnectionSettings.ApiKeyVariable} environment variable.",
        WriterAdvice.CheckApiKey =>
            $"Check the key given to Connect-Writer -ApiKey, or in the {WriterConnectionSettings.ApiKeyVariable} environment variable.",
        WriterAdvice.CheckProxyCredential => $"Check the proxy's credential: Connect-Writer -ProxyCredential, or the user name and password in -Proxy or in {ProxyVariables}.",
        WriterAdvice.CheckApiKeyAndProxyCredential =>
            $"Check the key given to Connect-Writer -ApiKey, or in the {WriterConnectionSettings.ApiKeyVariable} environment variable, and the proxy's credential: Connect-Writer -ProxyCredential, or the user name and password in -Proxy or in {ProxyVariables}.",
        WriterAdvice.GiveInput => "Give at least one input, e.g. -Inputs @{ product_name = 'Lamp' }.",
        WriterAdvice.RetryWhateverTheStatus => "Use -Force to retry it anyway.",
        WriterAdvice.GiveApplicationId => "Give -ApplicationId one of their IDs (Get-WriterApplication -Name lists them).",
        _ => null,
    };

    /// <summary>Whether the error ends the whole command rather than one item.</summary>
    public static bool StopsTheCommand(Exception error) => error is WriterApiException { StopsTheCommand: true };

    public static ErrorRecord ToErrorRecord(Exception error, object? target)
    {
        var (errorId, category, errorTarget) = Describe(error, target);
        var record = new ErrorRecord(error, errorId, category, errorTarget);
        if (Details(error) is { } details)
        {
            record.ErrorDetails = new ErrorDetails(details.Message) { RecommendedAction = details.RecommendedAction };
        }

        return record;
    }

    /// <summary>
    /// The ErrorDetails of an error with advice: the message shown is the engine's fact followed by the advice, and
    /// RecommendedAction is the advice alone. Null when there is no advice, and the exception's message is shown as it is.
    /// </summary>
    public static (string Message, string RecommendedAction)? Details(Exception error) =>
        error is WriterApiException api && Advice(api.Advice) is { } advice ? ($"{Sentence(api.Message)} {advice}", advice) : null;

    // The fact may end with the server's own words, which need not end a sentence ("Invalid API key").
    private static string Sentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length == 0 || trimmed[trimmed.Length - 1] is '.' or '!' or '?' ? trimmed : trimmed + ".";
    }

    private static (string, ErrorCategory, object?) Append((string ErrorId, ErrorCategory Category) parts, object? target) =>
        (parts.ErrorId, parts.Category, target);
}
