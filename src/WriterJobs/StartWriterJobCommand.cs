using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WriterJobs.Applications;
using WriterJobs.Binding;
using WriterJobs.Creating;
using WriterJobs.Http;
using WriterJobs.Pipeline;
using WriterJobs.Running;

namespace WriterJobs;

/// <summary>
/// Start-WriterJob: creates an async job of an application (POST /v1/applications/{id}/jobs) and writes it; one job per
/// piped object (an Import-Csv row: its columns are the inputs). The application, given by ID or name, is read once per
/// command, and each job's inputs are checked against its schema before anything is sent.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "WriterJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Pages + "Start-WriterJob.md")]
[OutputType(typeof(WriterJob))]
public sealed class StartWriterJobCommand : WriterCommandBase
{
    private ItemPipeline<CreateItem, WriterJob> items = null!;
    private ApplicationResolver? resolver;
    private bool applicationIdFromPipeline;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApplicationIdCompleter))]
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>
    /// The job's inputs: a hashtable (each key an input name), or any object, such as a piped Import-Csv row (each
    /// property an input; an object with an Inputs or Input property gives that property's value instead). Each value is
    /// a string, a number or an array of them; numbers are sent as invariant text. Named Inputs rather than Input: a
    /// wrapper function's parameter $Input would be overwritten by PowerShell's automatic $input, and the alias Input,
    /// which makes no variable, keeps -Input working.
    /// </summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [Alias("Input")]
    public PSObject Inputs { get; set; } = new();

    /// <summary>The most requests in flight at once; 1 runs them one after another.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = PipelineRunnerOptions.DefaultThrottleLimit;

    /// <summary>Write each result as soon as it finishes instead of in input order.</summary>
    [Parameter]
    public SwitchParameter Unordered { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        items = StartItems<CreateItem, WriterJob>(
            new PipelineRunnerOptions(ThrottleLimit, !Unordered), (client, _) => (item, ct) => CreateAsync(client, item, ct), (_, job) => WriteJob(job), (item, error) => WriteWriterError(error, item.ApplicationId));

        // Only the command line's parameters are bound yet: an ApplicationId bound later comes from each piped object.
        applicationIdFromPipeline = !MyInvocation.BoundParameters.ContainsKey(nameof(ApplicationId));
        resolver = new ApplicationResolver(items.Client);
    }

    protected override void ProcessRecord()
    {
        IReadOnlyList<WriterJobInput> inputs;
        try
        {
            inputs = WriterJobInputs.FromDictionary(AsDictionary(Inputs), AsText);
        }
        catch (WriterApiException invalid)
        {
            WriteWriterError(invalid, Inputs);
            return;
        }

        if (Application() is not { } application)
        {
            return;
        }

        try
        {
            inputs = JobInputSchema.Check(application, inputs);
        }
        catch (WriterApiException refused)
        {
            WriteWriterError(refused, Inputs);
            return;
        }

        var names = string.Join(", ", inputs.Select(i => i.Id));
        if (ShouldProcess($"Writer application '{application.Name}' ({application.Id})", $"Start a job with inputs {names}"))
        {
            items.Submit(new CreateItem(application.Id, inputs));
        }
    }

    protected override void EndProcessing() => items.Complete();

    // The application -ApplicationId names, read once per value for the whole command; null after its error is written.
    private WriterApplication? Application()
    {
        try
        {
            return items.WaitFor(resolver!.ResolveAsync(ApplicationId, Cancellation));
        }
        catch (WriterApiException error)
        {
            WriteWriterError(error, ApplicationId);
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
        }

        return null;
    }

    // A dictionary as it is; an object's Inputs (or Input) property when it holds the inputs; any other object by its
    // properties, in their order, less the ApplicationId it gave -ApplicationId.
    private IDictionary AsDictionary(PSObject input)
    {
        if (input.BaseObject is IDictionary dictionary)
        {
            return dictionary;
        }

        if (input.BaseObject is string or ValueType)
        {
            throw new WriterApiException(
                WriterErrorKind.InvalidInput,
                $"-Inputs '{input}' is of type {input.BaseObject.GetType().Name}: give a hashtable, or an object whose properties are the inputs, e.g. -Inputs @{{ product_name = 'Lamp' }}.");
        }

        var properties = Properties(input);
        switch (properties.FirstOrDefault(p => p.Name.Equals(nameof(Inputs), StringComparison.OrdinalIgnoreCase) || p.Name.Equals("Input", StringComparison.OrdinalIgnoreCase))?.Value)
        {
            case IDictionary held:
                return held;
            case PSObject { BaseObject: IDictionary held }:
                return held;
            case PSObject { BaseObject: PSCustomObject } held:
                properties = Properties(held);
                break;
        }

        var inputs = new OrderedDictionary();
        foreach (var property in properties)
        {
            if (!(applicationIdFromPipeline && string.Equals(property.Name, nameof(ApplicationId), StringComparison.OrdinalIgnoreCase)))
            {
                inputs[property.Name] = property.Value;
            }
        }

        return inputs;
    }

    private static List<PSPropertyInfo> Properties(PSObject input) =>
        input.Properties.Where(p => p.IsGettable && p.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property).ToList();

    // Unwrapped from PSObject; a number becomes its invariant text, as PowerShell itself turns numbers into strings.
    private static object? AsText(object? value)
    {
        var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
        return bare is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or System.Numerics.BigInteger
            ? LanguagePrimitives.ConvertTo<string>(bare)
            : bare;
    }

    private static async Task<WriterJob> CreateAsync(WriterJobsClient client, CreateItem input, CancellationToken cancellationToken)
    {
        var accepted = await client.CreateJobAsync(input.ApplicationId, input.Inputs, cancellationToken).ConfigureAwait(false);
        return accepted.ToJob(input.ApplicationId, DateTimeOffset.UtcNow);
    }

    /// <summary>One job to create, its inputs already checked on the pipeline thread.</summary>
    private sealed class CreateItem
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
