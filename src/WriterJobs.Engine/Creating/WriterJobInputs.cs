using System;
using System.Collections;
using System.Collections.Generic;

namespace WriterJobs.Creating;

/// <summary>Turns a dictionary (Start-WriterJob's hashtable) into the API's inputs: each key an input, each value a string or strings.</summary>
internal static class WriterJobInputs
{
    /// <summary>
    /// One input per entry, in the dictionary's order. A value is a string or a list of strings; anything else is refused
    /// with <see cref="WriterErrorKind.InvalidInput"/> naming the input, rather than sent as its ToString().
    /// </summary>
    /// <param name="inputs">The hashtable.</param>
    /// <param name="unwrap">Takes a value out of its host wrapper (PowerShell's PSObject) before it is checked.</param>
    public static IReadOnlyList<WriterJobInput> FromDictionary(IDictionary inputs, Func<object?, object?>? unwrap = null)
    {
        if (inputs is null || inputs.Count == 0)
        {
            throw new WriterApiException(WriterErrorKind.InvalidInput, "No input was given: a job needs at least one.", advice: WriterAdvice.GiveInput);
        }

        unwrap ??= static value => value;
        var result = new List<WriterJobInput>(inputs.Count);
        foreach (DictionaryEntry entry in inputs)
        {
            if (unwrap(entry.Key) is not string name || string.IsNullOrWhiteSpace(name))
            {
                throw Invalid($"Every input name must be a non-empty string; '{entry.Key}' is not.");
            }

            result.Add(new WriterJobInput(name, Values(name, unwrap(entry.Value), unwrap)));
        }

        return result;
    }

    private static List<string> Values(string name, object? value, Func<object?, object?> unwrap)
    {
        switch (value)
        {
            case string text:
                return new List<string> { text };
            case IEnumerable many when value is not IDictionary:
                var values = new List<string>();
                foreach (var item in many)
                {
                    values.Add(unwrap(item) as string
                        ?? throw Invalid($"Input '{name}' holds {Describe(unwrap(item))}; each value must be a string."));
                }

                return values.Count > 0 ? values : throw Invalid($"Input '{name}' is an empty list; give it at least one string.");
            default:
                throw Invalid($"Input '{name}' is {Describe(value)}; give a string or an array of strings.");
        }
    }

    private static string Describe(object? value) => value is null ? "null" : $"a value of type {value.GetType().Name}";

    private static WriterApiException Invalid(string message) => new(WriterErrorKind.InvalidInput, message);
}
