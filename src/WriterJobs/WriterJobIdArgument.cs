using System;

namespace WriterJobs;

/// <summary>
/// One value given to -Id: a job ID, or the text that was meant to be one. PowerShell converts strings and GUIDs to it
/// through its constructors, so a bad line of a file is one item's error in the command rather than a binding error
/// that ends the command before any job is read.
/// </summary>
public sealed class WriterJobIdArgument
{
    public WriterJobIdArgument(Guid id)
    {
        Id = id;
        Text = id.ToString();
    }

    public WriterJobIdArgument(string text)
    {
        Text = text ?? string.Empty;
        Id = Guid.TryParse(Text, out var id) ? id : null;
    }

    /// <summary>The job ID; null when <see cref="Text"/> is not a GUID.</summary>
    public Guid? Id { get; }

    /// <summary>The value as given.</summary>
    public string Text { get; }

    public override string ToString() => Text;
}
