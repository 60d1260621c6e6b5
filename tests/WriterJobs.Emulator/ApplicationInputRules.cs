using System;
using System.Linq;

namespace WriterJobs.Emulator;

/// <summary>
/// What the emulator refuses in a create request for an application with an input schema: an input it does not have,
/// a required one left out, a dropdown value not in its list. An application without a schema takes anything.
/// </summary>
internal static class ApplicationInputRules
{
    /// <summary>What is wrong with the request's inputs, or null when the application takes them.</summary>
    public static string? Problem(EmulatorApplication application, CreateJobRequestView request)
    {
        if (application.Inputs.Count == 0)
        {
            return null;
        }

        var names = string.Join(", ", application.Inputs.Select(input => input.Name));
        foreach (var given in request.Inputs)
        {
            var input = application.Inputs.FirstOrDefault(input => input.Name == given.Id);
            if (input is null)
            {
                return $"Application {application.Id} has no input '{given.Id}'; its inputs are {names}.";
            }

            if (input.InputType == EmulatorApplicationInput.Dropdown && given.Value.FirstOrDefault(value => !input.List.Contains(value, StringComparer.Ordinal)) is { } stray)
            {
                return $"Input '{input.Name}' takes one of {string.Join(", ", input.List)}, not '{stray}'.";
            }
        }

        var missing = application.Inputs.Where(input => input.Required && !request.Inputs.Any(given => given.Id == input.Name)).Select(input => input.Name).ToList();
        return missing.Count == 0 ? null : $"Application {application.Id} requires the input(s) {string.Join(", ", missing)}.";
    }
}
