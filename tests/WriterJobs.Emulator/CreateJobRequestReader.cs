using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace WriterJobs.Emulator;

/// <summary>Reads and validates a create-job body; a refusal carries the status and description to answer with.</summary>
internal static class CreateJobRequestReader
{
    public static async Task<(CreateJobRequestView? Request, IResult? Refusal)> ReadAsync(HttpRequest request, string applicationId)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return (null, WriterErrors.Result(StatusCodes.Status400BadRequest, "The request body is not valid JSON."));
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's MaxRequestBodySize (WriterEmulator), told in Writer's error shape.
            return (null, WriterErrors.Result(tooLarge.StatusCode, tooLarge.Message));
        }

        using (document)
        {
            var problem = TryReadInputs(document.RootElement, out var inputs);
            return problem is null
                ? (new CreateJobRequestView(applicationId, inputs), null)
                : (null, WriterErrors.Result(StatusCodes.Status422UnprocessableEntity, problem));
        }
    }

    // Returns what is wrong with the body, or null with the inputs read.
    private static string? TryReadInputs(JsonElement root, out List<JobInputView> inputs)
    {
        inputs = [];
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("inputs", out var array)
            || array.ValueKind != JsonValueKind.Array
            || array.GetArrayLength() == 0)
        {
            return "The request needs a non-empty 'inputs' array.";
        }

        foreach (var input in array.EnumerateArray())
        {
            if (input.ValueKind != JsonValueKind.Object
                || !input.TryGetProperty("id", out var id)
                || id.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(id.GetString()))
            {
                return "Every input needs a non-empty string 'id'.";
            }

            var name = id.GetString()!;
            if (!input.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
            {
                return $"Input '{name}' needs a 'value' array of strings.";
            }

            var values = new List<string>();
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return $"Input '{name}' has a value that is not a string.";
                }

                values.Add(item.GetString()!);
            }

            inputs.Add(new JobInputView(name, values));
        }

        return null;
    }
}

/// <summary>A validated create-job request, as the create rule (<see cref="EmulatorJobStore.CreateFailsWhen"/>) sees it.</summary>
public sealed record CreateJobRequestView(string ApplicationId, IReadOnlyList<JobInputView> Inputs);

/// <summary>One input of a create-job request: <c>{"id": ..., "value": [...]}</c>.</summary>
public sealed record JobInputView(string Id, IReadOnlyList<string> Value);
