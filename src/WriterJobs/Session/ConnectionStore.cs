using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using WriterJobs.Connection;

namespace WriterJobs.Session;

/// <summary>
/// The connection of each PowerShell session (runspace): set by Connect-Writer, else made once from the
/// environment variables and reused while they stay the same. Runspaces never share one by accident.
/// </summary>
internal static class ConnectionStore
{
    private static readonly ConditionalWeakTable<Runspace, Slot> Slots = new();

    public static WriterConnection Current()
    {
        var slot = SlotOfThisSession();
        lock (slot)
        {
            if (slot.Connected is { } connected)
            {
                return connected;
            }

            var fingerprint = EnvironmentFingerprint();
            if (slot.FromEnvironment is null || slot.EnvironmentFingerprint != fingerprint)
            {
                slot.FromEnvironment?.Dispose();
                slot.FromEnvironment = null;
                slot.FromEnvironment = WriterConnection.Open(WriterConnectionSettings.FromEnvironment(Environment.GetEnvironmentVariable));
                slot.EnvironmentFingerprint = fingerprint;
            }

            return slot.FromEnvironment;
        }
    }

    /// <summary>
    /// A connection of one command's own, with the key it was given (-Credential, -SecretName): the session's settings
    /// (Connect-Writer's, else the environment's) otherwise. The caller disposes it; the session's connection is untouched.
    /// </summary>
    public static WriterConnection WithKey(SecureString key)
    {
        var settings = (Connected()?.Settings ?? WriterConnectionSettings.FromEnvironment(Environment.GetEnvironmentVariable)).Clone();
        settings.ApiKey = key;
        return WriterConnection.Open(settings);
    }

    public static WriterConnection? Connected()
    {
        var slot = SlotOfThisSession();
        lock (slot)
        {
            return slot.Connected;
        }
    }

    public static void Set(WriterConnection? connection)
    {
        var slot = SlotOfThisSession();
        lock (slot)
        {
            slot.Connected?.Dispose();
            slot.Connected = connection;
        }
    }

    /// <summary>Closes both connections of this session, the key and the pooled connections with them.</summary>
    public static void Forget()
    {
        // Nothing to close for a session that never used the module, or outside any session.
        if (Runspace.DefaultRunspace is not { } session || !Slots.TryGetValue(session, out var slot))
        {
            return;
        }

        lock (slot)
        {
            slot.Connected?.Dispose();
            slot.Connected = null;
            slot.FromEnvironment?.Dispose();
            slot.FromEnvironment = null;
            slot.EnvironmentFingerprint = null;
        }
    }

    private static Slot SlotOfThisSession() =>
        Slots.GetValue(Runspace.DefaultRunspace ?? throw new InvalidOperationException("WriterJobs commands run inside a PowerShell session."), _ => new Slot());

    // A hash, so the plain key from the environment is not kept a second time.
    private static string EnvironmentFingerprint()
    {
        var text = string.Join("\n",
            WriterConnectionSettings.ApiKeyVariable, Environment.GetEnvironmentVariable(WriterConnectionSettings.ApiKeyVariable),
            Environment.GetEnvironmentVariable(WriterConnectionSettings.BaseUrlVariable),
            Environment.GetEnvironmentVariable(WriterConnectionSettings.MaxRetriesVariable),
            Environment.GetEnvironmentVariable(WriterConnectionSettings.TimeoutVariable),
            Environment.GetEnvironmentVariable(WriterConnectionSettings.RequestsPerMinuteVariable));
        using var sha = SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }

    private sealed class Slot
    {
        public WriterConnection? Connected { get; set; }

        public WriterConnection? FromEnvironment { get; set; }

        public string? EnvironmentFingerprint { get; set; }
    }
}
