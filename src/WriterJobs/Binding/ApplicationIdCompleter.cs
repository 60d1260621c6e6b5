using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace WriterJobs.Binding;

/// <summary>
/// Tab completion of -ApplicationId: the workspace's application names from the API (<see cref="ApplicationNames"/>),
/// an application whose name is shared by its ID, and the application IDs of the jobs this session has been shown.
/// </summary>
public sealed class ApplicationIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var matches = CompletionValues.Matcher(wordToComplete);
        var applications = ApplicationNames.Current();
        var counts = CompletionValues.NameCounts(applications);
        var offered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var results = new List<CompletionResult>();
        foreach (var application in applications.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.CreatedAt))
        {
            // A unique name is offered as it is; a shared one, or an ID typed, as the ID.
            var byName = counts[application.Name] == 1 && matches(application.Name);
            if (!byName && !matches(application.Id) && !matches(application.Name))
            {
                continue;
            }

            var text = byName ? application.Name : application.Id;
            if (!offered.Add(text))
            {
                continue;
            }

            offered.Add(application.Id);
            var listed = byName ? application.Name : $"{application.Name} ({application.Id})";
            results.Add(new CompletionResult(CompletionValues.Quoted(text), listed, CompletionResultType.ParameterValue, CompletionValues.Describe(application)));
        }

        results.AddRange(SeenApplications.StartingWith(string.Empty).Where(id => matches(id) && offered.Add(id)).Select(id => new CompletionResult(
            CompletionValues.Quoted(id), id, CompletionResultType.ParameterValue, $"Application {id}")));
        return results;
    }
}
