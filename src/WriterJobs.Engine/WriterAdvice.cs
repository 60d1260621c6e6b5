namespace WriterJobs;

/// <summary>
/// What the user can do about a failure or a skip. The engine's messages state the fact and name this; the cmdlets word
/// it in their own terms, since only they know their commands and parameters. Internal: users read the worded advice in
/// the ErrorRecord's ErrorDetails.RecommendedAction.
/// </summary>
internal enum WriterAdvice
{
    /// <summary>Nothing to add to the message.</summary>
    None,

    /// <summary>No API key was given: give one.</summary>
    GiveApiKey,

    /// <summary>The API refused the key: check the key given.</summary>
    CheckApiKey,

    /// <summary>A job was given no input: give it at least one.</summary>
    GiveInput,

    /// <summary>A job was not retried because it is not failed: it can be retried whatever its status.</summary>
    RetryWhateverTheStatus,

    /// <summary>A proxy refused its credential: check the one given for it.</summary>
    CheckProxyCredential,

    /// <summary>A 401 came through a proxy, and not as the API's JSON: the API refused the key, or the proxy its credential.</summary>
    CheckApiKeyAndProxyCredential,
    /// <summary>An application name matched several applications: give one of their IDs.</summary>
    GiveApplicationId,
}
