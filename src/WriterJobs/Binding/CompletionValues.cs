using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace WriterJobs.Binding;

/// <summary>What the application completers share: matching what was typed, and writing a value the parser reads back whole.</summary>
internal static class CompletionValues
{
    private const string Special = "'\"`$;,(){}[]@#|&<>";

    /// <summary>
    /// The values that match what was typed (quotes dropped): those starting with it, case-insensitive, or with
    /// wildcards, those it matches as a pattern.
    /// </summary>
    public static Func<string, bool> Matcher(string? wordToComplete)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        if (!WildcardPattern.ContainsWildcardCharacters(typed))
        {
            return value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
        }

        var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
        return value =>
        {
            try
            {
                return pattern.IsMatch(value);
            }
            catch (WildcardPatternException)
            {
                return false;
            }
        };
    }

    /// <summary>The value as it must be typed: in single quotes when it holds a space or a character the parser would take.</summary>
    public static string Quoted(string value) =>
        value.Any(c => char.IsWhiteSpace(c) || Special.IndexOf(c) >= 0) ? $"'{value.Replace("'", "''")}'" : value;

    /// <summary>What the tooltip tells of an application: name, ID, status and inputs.</summary>
    public static string Describe(WriterApplication application) =>
        $"{application.Name} ({application.Id}), {application.Status}" + (application.Inputs.Count == 0
            ? string.Empty
            : "; inputs: " + string.Join(", ", application.Inputs.Select(i => i.Required ? i.Name + "*" : i.Name)));

    /// <summary>How many applications carry each name, case-insensitive: a name carried twice is completed as IDs.</summary>
    public static Dictionary<string, int> NameCounts(IEnumerable<WriterApplication> applications) =>
        applications.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
}
