using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace WriterJobs.Emulator;

/// <summary>Reads and validates a create-job body; a refusal carries the status and description to answer with.</summary>
internal static class CreateJobRequestReader
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static async Task<(CreateJobRequestView? Request, IResult? Refusal)> ReadAsync(HttpRequest request, string applicationId)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        // Read one byte past the limit to tell "exactly 1 MiB" from "too large" without trusting Content-Length.
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            body.Write(chunk, 0, read);
            if (body.Length > MaxBodyBytes)
            {
                return (null, TooLarge());
            }
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return (null, WriterErrors.Result(StatusCodes.Status400BadRequest, "The request body is not valid JSON."));
        }

        using (document)
        {
            var problem = TryReadInputs(document.RootElement, out var inputs);
            return problem is null
                ? (new CreateJobRequestView(applicationId, inputs), null)
                : (null, WriterErrors.Result(StatusCodes.Status422UnprocessableEntity, problem));
        }
    }

    private static IResult TooLarge() =>
        WriterErrors.Result(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes} bytes.");

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
