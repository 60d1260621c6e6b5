using System;
using System.Collections.Generic;
using System.Linq;

namespace WriterJobs.Output;

/// <summary>Whether a command shows progress at all: only where a person can be watching.</summary>
internal static class ProgressPolicy
{
    /// <summary>
    /// No progress when progress is silenced ($ProgressPreference), when the host has no raw console (a hosted runspace, a
    /// remoting server, a job), when the process is not interactive (a service), when pwsh was started with
    /// -NonInteractive, or under CI (CI / TF_BUILD set, as GitHub Actions, GitLab and Azure Pipelines do).
    /// </summary>
    public static bool IsShown(bool progressSilenced, bool hostHasRawUI, bool userInteractive, IEnumerable<string> commandLine, Func<string, string?> environment)
    {
        if (commandLine is null || environment is null)
        {
            throw new ArgumentNullException(commandLine is null ? nameof(commandLine) : nameof(environment));
        }

        return !progressSilenced && hostHasRawUI && userInteractive
            && !commandLine.Any(IsNonInteractiveSwitch)
            && string.IsNullOrEmpty(environment("CI")) && string.IsNullOrEmpty(environment("TF_BUILD"));
    }

    // pwsh takes any unambiguous prefix of -NonInteractive from -noni on, with - or / (Windows PowerShell).
    private static bool IsNonInteractiveSwitch(string argument)
    {
        if (argument.Length < 5 || (argument[0] != '-' && argument[0] != '/'))
        {
            return false;
        }

        var word = argument.Substring(1);
        return "noninteractive".StartsWith(word, StringComparison.OrdinalIgnoreCase);
    }
}
