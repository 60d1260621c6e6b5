using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace WriterJobs.Binding;

/// <summary>Tab completion of -ApplicationId from the applications of the jobs this session has been shown.</summary>
public sealed class ApplicationIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return SeenApplications.StartingWith(typed).Select(id => new CompletionResult(
            id.Any(c => char.IsWhiteSpace(c) || "'\"`$;,(){}[]@#|&<>".Contains(c)) ? $"'{id.Replace("'", "''")}'" : id,
            id,
            CompletionResultType.ParameterValue,
            $"Application {id}"));
    }
}
