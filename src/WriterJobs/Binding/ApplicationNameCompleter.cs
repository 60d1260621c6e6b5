using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace WriterJobs.Binding;

/// <summary>Tab completion of Get-WriterApplication -Name: the workspace's application names from the API (<see cref="ApplicationNames"/>).</summary>
public sealed class ApplicationNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var matches = CompletionValues.Matcher(wordToComplete);
        return ApplicationNames.Current()
            .Where(application => matches(application.Name))
            .GroupBy(application => application.Name, StringComparer.OrdinalIgnoreCase)
            .OrderBy(group => group.Key, StringComparer.OrdinalIgnoreCase)
            .Select(group => new CompletionResult(
                CompletionValues.Quoted(group.Key),
                group.Key,
                CompletionResultType.ParameterValue,
                group.Count() == 1 ? CompletionValues.Describe(group.First()) : $"{group.Key}: {group.Count()} applications"))
            .ToList();
    }
}
