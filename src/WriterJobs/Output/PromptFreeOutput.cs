using System.Management.Automation;

namespace WriterJobs.Output;

/// <summary>
/// Verbose and Warning lines that never stop to ask. With -Debug alone, PowerShell takes a compiled cmdlet's Verbose and
/// Warning preferences as Inquire, so each such line would prompt, and throw when stdin is redirected; then the line goes
/// to the Debug stream, which -Debug shows without asking.
/// </summary>
internal static class PromptFreeOutput
{
    public static void WriteVerboseLine(this PSCmdlet command, string text)
    {
        if (OnlyDebugGiven(command, "Verbose"))
        {
            command.WriteDebug(text);
            return;
        }

        command.WriteVerbose(text);
    }

    public static void WriteWarningLine(this PSCmdlet command, string text)
    {
        if (OnlyDebugGiven(command, "WarningAction"))
        {
            command.WriteDebug($"WARNING: {text}");
            return;
        }

        command.WriteWarning(text);
    }

    // -Debug is given and the stream's own common parameter is not, so PowerShell would ask.
    private static bool OnlyDebugGiven(PSCmdlet command, string streamParameter)
    {
        var bound = command.MyInvocation.BoundParameters;
        return bound.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true } && !bound.ContainsKey(streamParameter);
    }
}
