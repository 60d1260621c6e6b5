using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Security;

namespace WriterJobs.Session;

/// <summary>
/// The key as a command was given it: -ApiKey (a SecureString, also piped from Get-Secret), -Credential (its password)
/// or -SecretName and -Vault (read with SecretManagement's Get-Secret). It never leaves as plain text: what an error
/// says comes from the vault's own messages, which name the secret, not its value.
/// </summary>
internal static class ApiKeySource
{
    public const string SecretModule = "Microsoft.PowerShell.SecretManagement";

    // Module-qualified, so module autoloading finds SecretManagement on PSModulePath and no function of the user's
    // named Get-Secret stands in for it.
    private const string ReadSecret = "param($Name, $Vault) $p = @{ Name = $Name; ErrorAction = 'Stop' }; if ($Vault) { $p.Vault = $Vault }; " + SecretModule + "\\Get-Secret @p";

    /// <summary>The key given, or null when none of the key parameters was; false with the error when it cannot be had.</summary>
    public static bool TryResolve(PSCmdlet command, SecureString? apiKey, PSCredential? credential, string? secretName, string? vault, out SecureString? key, out ErrorRecord? problem)
    {
        problem = null;
        key = apiKey ?? credential?.Password;
        if (key is not null || secretName is null)
        {
            return true;
        }

        try
        {
            var found = command.InvokeCommand.InvokeScript(ReadSecret, false, PipelineResultTypes.None, null, secretName, vault);
            key = found.Count == 1 ? AsKey(found[0]?.BaseObject) : null;
            if (key is null)
            {
                problem = Unusable(secretName, vault, found.Count == 1 ? $"it holds a {found[0]?.BaseObject?.GetType().Name ?? "null"}, not a key: store the key as a string or a SecureString" : $"Get-Secret returned {found.Count} values");
            }
        }
        catch (CommandNotFoundException)
        {
            problem = new ErrorRecord(
                new InvalidOperationException($"-SecretName needs the {SecretModule} module and a vault registered for this account: Install-PSResource {SecretModule}, Microsoft.PowerShell.SecretStore, then Register-SecretVault and Set-Secret."),
                "WriterSecretManagementMissing",
                ErrorCategory.NotInstalled,
                secretName);
        }
        catch (RuntimeException failed)
        {
            problem = Unusable(secretName, vault, failed.ErrorRecord?.Exception?.Message ?? failed.Message);
        }

        return problem is null;
    }

    private static SecureString? AsKey(object? secret) => secret switch
    {
        SecureString secure => secure,
        PSCredential credential => credential.Password,
        string plain => new NetworkCredential(string.Empty, plain).SecurePassword,
        _ => null,
    };

    private static ErrorRecord Unusable(string secretName, string? vault, string why) =>
        new(
            new InvalidOperationException($"The API key could not be read from the secret '{secretName}'{(vault is null ? string.Empty : $" in the vault '{vault}'")}: {why}"),
            "WriterApiKeySecretUnavailable",
            ErrorCategory.ReadError,
            secretName);
}
