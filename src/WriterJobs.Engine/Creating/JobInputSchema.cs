using System;
using System.Collections.Generic;
using System.Linq;

namespace WriterJobs.Creating;

/// <summary>
/// Checks a job's inputs against its application's schema before anything is sent, so a wrong row of a CSV costs no
/// request and is told in the application's terms. An application that declares no inputs is not checked: the API
/// does not say whether such an application takes none or any, and its server decides.
/// </summary>
internal static class JobInputSchema
{
    /// <summary>
    /// The inputs to send: each under the application's own spelling of its name (a name that differs only in case is
    /// taken), a dropdown value likewise, and an input whose every value is empty (an empty cell) left out as not given.
    /// Throws <see cref="WriterApiException"/>: <see cref="WriterErrorKind.InputUnknown"/> listing the application's
    /// inputs, <see cref="WriterErrorKind.InputNotInList"/> listing the dropdown's values, or
    /// <see cref="WriterErrorKind.InputMissing"/> naming the required inputs not given.
    /// </summary>
    public static IReadOnlyList<WriterJobInput> Check(WriterApplication application, IReadOnlyList<WriterJobInput> inputs)
    {
        if (application is null)
        {
            throw new ArgumentNullException(nameof(application));
        }

        if (inputs is null)
        {
            throw new ArgumentNullException(nameof(inputs));
        }

        if (application.Inputs.Count == 0)
        {
            return inputs;
        }

        var unknown = inputs.Where(input => Declared(application, input.Id) is null).Select(input => $"'{input.Id}'").ToList();
        if (unknown.Count > 0)
        {
            var names = string.Join(", ", application.Inputs.Select(input => input.Required ? input.Name + " (required)" : input.Name));
            throw new WriterApiException(
                WriterErrorKind.InputUnknown,
                $"Application '{application.Name}' ({application.Id}) has no input {string.Join(", ", unknown)}; its inputs are {names}.");
        }

        var checkedInputs = new List<WriterJobInput>(inputs.Count);
        foreach (var input in inputs.Where(input => input.Values.Any(value => !string.IsNullOrEmpty(value))))
        {
            var declared = Declared(application, input.Id)!;
            checkedInputs.Add(new WriterJobInput(declared.Name, declared.IsDropdown ? DropdownValues(application, declared, input.Values) : input.Values));
        }

        var missing = application.Inputs.Where(input => input.Required && !checkedInputs.Any(given => given.Id == input.Name)).Select(input => input.Name).ToList();
        if (missing.Count > 0)
        {
            throw new WriterApiException(
                WriterErrorKind.InputMissing,
                $"Application '{application.Name}' ({application.Id}) requires the input(s) {string.Join(", ", missing)}, which were not given or were empty.");
        }

        return checkedInputs.Count > 0
            ? checkedInputs
            : throw new WriterApiException(WriterErrorKind.InvalidInput, "Every input given was empty: a job needs at least one.", advice: WriterAdvice.GiveInput);
    }

    private static WriterApplicationInput? Declared(WriterApplication application, string name) =>
        Spelled(application.Inputs, name, input => input.Name);

    private static List<string> DropdownValues(WriterApplication application, WriterApplicationInput dropdown, IReadOnlyList<string> values) =>
        values.Select(value => Spelled(dropdown.List, value, item => item) ?? throw new WriterApiException(
            WriterErrorKind.InputNotInList,
            $"Input '{dropdown.Name}' of application '{application.Name}' takes one of {string.Join(", ", dropdown.List.Select(item => $"'{item}'"))}; '{value}' is not one of them."))
            .ToList();

    // The item with exactly this key, else the one item whose key differs only in case.
    private static T? Spelled<T>(IReadOnlyList<T> items, string key, Func<T, string> keyOf)
        where T : class
    {
        if (items.FirstOrDefault(item => string.Equals(keyOf(item), key, StringComparison.Ordinal)) is { } exact)
        {
            return exact;
        }

        var nearly = items.Where(item => string.Equals(keyOf(item), key, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return nearly.Count == 1 ? nearly[0] : null;
    }
}
