using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Binding;
using WriterJobs.Creating;

namespace WriterJobs;

/// <summary>Start-WriterJob: creates an async job of an application (POST /v1/applications/{id}/jobs) and writes it.</summary>
[Cmdlet(VerbsLifecycle.Start, "WriterJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Pages + "Start-WriterJob.md")]
[OutputType(typeof(WriterJob))]
public sealed class StartWriterJobCommand : WriterPipelineCommand<StartWriterJobCommand.CreateItem, WriterJob>
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApplicationIdCompleter))]
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>
    /// The job's inputs: a hashtable (each key an input name), or any object, such as an Import-Csv row (each property an
    /// input). Each value is a string, a number or an array of them; numbers are sent as invariant text.
    /// </summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Inputs")]
    public PSObject Input { get; set; } = new();

    protected override void ProcessRecord()
    {
        IReadOnlyList<WriterJobInput> inputs;
        try
        {
            inputs = WriterJobInputs.FromDictionary(AsDictionary(Input), AsText);
        }
        catch (WriterApiException invalid)
        {
            WriteWriterError(invalid, Input);
            return;
        }

        var names = string.Join(", ", inputs.Select(i => i.Id));
        if (ShouldProcess($"Writer application {ApplicationId}", $"Start a job with inputs {names}"))
        {
            Submit(new CreateItem(ApplicationId, inputs));
        }
    }

    // A dictionary as it is; any other object by its properties, in their order.
    private static IDictionary AsDictionary(PSObject input)
    {
        if (input.BaseObject is IDictionary dictionary)
        {
            return dictionary;
        }

        if (input.BaseObject is string or ValueType)
        {
            throw new WriterApiException(
                WriterErrorKind.InvalidInput,
                $"-Input '{input}' is of type {input.BaseObject.GetType().Name}: give a hashtable, or an object whose properties are the inputs, e.g. -Input @{{ product_name = 'Lamp' }}.");
        }

        var properties = new OrderedDictionary();
        foreach (var property in input.Properties.Where(p => p.IsGettable && p.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property))
        {
            properties[property.Name] = property.Value;
        }

        return properties;
    }

    // Unwrapped from PSObject; a number becomes its invariant text, as PowerShell itself turns numbers into strings.
    private static object? AsText(object? value)
    {
        var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
        return bare is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or System.Numerics.BigInteger
            ? LanguagePrimitives.ConvertTo<string>(bare)
            : bare;
    }

    protected override async Task<WriterJob> RunAsync(CreateItem input, CancellationToken cancellationToken)
    {
        var accepted = await Client.CreateJobAsync(input.ApplicationId, input.Inputs, cancellationToken).ConfigureAwait(false);
        return accepted.ToJob(input.ApplicationId, DateTimeOffset.UtcNow);
    }

    public override void OnResult(CreateItem input, WriterJob result) => WriteJob(result);

    public override void OnError(CreateItem input, Exception exception) => WriteWriterError(exception, input.ApplicationId);

    /// <summary>One job to create, its inputs already checked on the pipeline thread.</summary>
    public sealed class CreateItem
    {
        public CreateItem(string applicationId, IReadOnlyList<WriterJobInput> inputs)
        {
            ApplicationId = applicationId;
            Inputs = inputs;
        }

        public string ApplicationId { get; }

        public IReadOnlyList<WriterJobInput> Inputs { get; }

        public override string ToString() => ApplicationId;
    }
}
