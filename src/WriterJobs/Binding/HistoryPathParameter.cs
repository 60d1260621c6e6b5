using System;
using System.Management.Automation;
using System.Threading;
using WriterJobs.Output;
using WriterJobs.Retry.History;

namespace WriterJobs.Binding;

/// <summary>
/// -HistoryPath as PowerShell understands a path: relative to the current location, a PSDrive resolved, a file that
/// does not exist yet allowed. Only the FileSystem provider can hold a history: Env:/X or HKCU:\X is refused with one
/// error, instead of a stray file in the process's working folder.
/// </summary>
internal static class HistoryPathParameter
{
    /// <summary>The file-system path, or a terminating error (WriterRetryHistoryInvalid) before anything is sent.</summary>
    public static string Resolve(PSCmdlet command, string given)
    {
        try
        {
            return FileSystemPath(command, given);
        }
        catch (WriterApiException refused)
        {
            throw Fail(command, refused, given);
        }
    }

    /// <summary>The file-system path, or WriterRetryHistoryInvalid thrown for a command that reports it its own way (the sweep).</summary>
    public static string FileSystemPath(PSCmdlet command, string given)
    {
        string path;
        ProviderInfo provider;
        try
        {
            path = command.SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out provider, out _);
        }
        catch (Exception unresolvable) when (unresolvable is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException or NotSupportedException or PSArgumentException)
        {
            throw Unusable(given, $"the path cannot be resolved: {unresolvable.Message}");
        }

        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            throw Unusable(given, $"it is a path of the {provider.Name} provider, and a history is a file: give a file-system path");
        }

        return path;
    }

    /// <summary>Opens the history at -HistoryPath, or stops the command with one clear error before anything is sent.</summary>
    /// <param name="readOnly">Reads only and writes no file, not even the lock (-WhatIf, Get-WriterJobRetryBudget).</param>
    public static RetryHistory Open(PSCmdlet command, string given, Func<RetryBudget> budget, bool readOnly, CancellationToken cancellationToken)
    {
        var path = Resolve(command, given);
        RetryBudget limits;
        try
        {
            limits = budget();
        }
        catch (ArgumentOutOfRangeException invalid)
        {
            command.ThrowTerminatingError(new ErrorRecord(new ArgumentException(invalid.Message.Split('\n')[0].Trim()), "WriterInvalidArgument", ErrorCategory.InvalidArgument, invalid.ActualValue));
            throw;
        }

        try
        {
            return RetryHistory.OpenAsync(path, limits, readOnly, cancellationToken).GetAwaiter().GetResult();
        }
        catch (WriterApiException unusable)
        {
            throw Fail(command, unusable, given);
        }
    }

    /// <summary>Under -Verbose: how many claims the run wrote in how many durable writes (how well they were grouped).</summary>
    public static void ReportWrites(PSCmdlet command, RetryHistory? history)
    {
        if (history is { IsReadOnly: false, Claims: > 0 })
        {
            command.WriteVerboseLine($"Retry history {history.Path}: {history.Claims} claim(s) in {history.Batches} durable write(s).");
        }
    }

    /// <summary>Stops the command with the error, the path as its target.</summary>
    public static Exception Fail(PSCmdlet command, WriterApiException error, string given)
    {
        command.ThrowTerminatingError(ErrorMapping.ToErrorRecord(error, given));
        return error;
    }

    private static WriterApiException Unusable(string given, string why) =>
        new(WriterErrorKind.RetryHistoryInvalid, $"The retry history {given} cannot be used: {why}. Nothing was sent.");
}
