using System;
using System.Collections.Generic;
using System.Text;

namespace WriterJobs.Output;

/// <summary>
/// Text for the last, wrapping column of the default tables (WriterJobs.format.ps1xml), broken between words.
/// PowerShell wraps a table cell between words only when the culture's language is English, French, German, Italian,
/// Portuguese or Spanish; elsewhere (the invariant culture of a container included) it cuts words in two. So the view
/// breaks the text itself, at the width the column gets on the console: what is left of the console's width after the
/// columns before it. A line the column turns out too narrow for (Out-String -Width below the console's) is still
/// wrapped by PowerShell.
/// </summary>
public static class TableText
{
    /// <summary>Narrower than this, breaking between words helps no one: the text is left to PowerShell.</summary>
    private const int NarrowestColumn = 8;

    private static readonly char[] Space = { ' ' };

    private static readonly char[] Breaks = { '-', '/' };

    /// <param name="text">The cell's text; lines it already has are kept.</param>
    /// <param name="consoleWidth">The console's width ($Host.UI.RawUI.BufferSize.Width); 0 or less when there is none.</param>
    /// <param name="columnsBefore">The widths of the columns before this one, each with its one-space separator.</param>
    public static string? Wrap(string? text, int consoleWidth, int columnsBefore)
    {
        var width = consoleWidth - columnsBefore;
        if (text is null || width < NarrowestColumn || text.Length <= width)
        {
            return text;
        }

        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(Space, StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                // A word wider than the column (a job ID, a URL) is broken after a hyphen or slash where it can be.
                var rest = word;
                while (line.Length == 0 && rest.Length > width)
                {
                    var cut = rest.LastIndexOfAny(Breaks, width - 1) + 1;
                    cut = cut > 0 ? cut : width;
                    lines.Add(rest.Substring(0, cut));
                    rest = rest.Substring(cut);
                }

                line.Append(line.Length > 0 ? " " : string.Empty).Append(rest);
            }

            lines.Add(line.ToString());
        }

        return string.Join("\n", lines);
    }
}
