using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace WriterJobs.Tests.Help;

/// <summary>A parameter's yaml block of a platyPS 1.x page: type, aliases and one entry per parameter set.</summary>
internal sealed record HelpParameter(string Name, string Type, IReadOnlyList<string> Aliases, IReadOnlyList<HelpParameterSet> Sets)
{
    /// <summary>The type without its namespace; platyPS writes a nullable value type as System.Nullable`1[T], shown here as T.</summary>
    public string ShortTypeName
    {
        get
        {
            var type = Regex.Replace(Type, @"^System\.Nullable`1\[(.+)\]$", "$1");
            return type[(type.LastIndexOf('.') + 1)..];
        }
    }

    /// <summary>Reads the flat yaml platyPS writes (top-level keys, '- ' lists, two-space set entries); nothing more general is needed.</summary>
    public static HelpParameter FromYaml(string name, IEnumerable<string> lines)
    {
        string type = "";
        var aliases = new List<string>();
        var sets = new List<Dictionary<string, string>>();
        string? key = null;
        foreach (var line in lines.Where(l => l.Trim().Length > 0))
        {
            if (!line.StartsWith(' ') && !line.StartsWith('-'))
            {
                key = line[..line.IndexOf(':', StringComparison.Ordinal)];
                if (key == "Type")
                {
                    type = line[(key.Length + 1)..].Trim();
                }
            }
            else if (key == "Aliases" && line.StartsWith("- ", StringComparison.Ordinal))
            {
                aliases.Add(line[2..].Trim());
            }
            else if (key == "ParameterSets")
            {
                if (line.StartsWith("- ", StringComparison.Ordinal))
                {
                    sets.Add(new Dictionary<string, string>(StringComparer.Ordinal));
                }

                var entry = line.TrimStart('-', ' ');
                var colon = entry.IndexOf(':', StringComparison.Ordinal);
                sets[^1][entry[..colon]] = entry[(colon + 1)..].Trim();
            }
        }

        return new HelpParameter(name, type, aliases, sets.Select(HelpParameterSet.From).ToList());
    }
}

internal sealed record HelpParameterSet(string Name, string Position, bool IsRequired, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName)
{
    public static HelpParameterSet From(IReadOnlyDictionary<string, string> entry) => new(
        entry["Name"],
        entry["Position"],
        bool.Parse(entry["IsRequired"]),
        bool.Parse(entry["ValueFromPipeline"]),
        bool.Parse(entry["ValueFromPipelineByPropertyName"]));
}
