using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WriterJobs.Binding;
using WriterJobs.Pipeline;
using WriterJobs.Running;

namespace WriterJobs;

/// <summary>
/// Get-WriterApplication: the workspace's deployed applications, every cursor page written as it arrives; by name with
/// wildcards; or by ID (a draft too), one request an ID through the runner.
/// </summary>
[Cmdlet(VerbsCommon.Get, "WriterApplication", DefaultParameterSetName = AllSet, HelpUri = HelpLinks.Pages + "Get-WriterApplication.md")]
[OutputType(typeof(WriterApplication))]
public sealed class GetWriterApplicationCommand : WriterCommandBase
{
    private const string AllSet = "All";
    private const string ByNameSet = "ByName";
    private const string ByIdSet = "ById";

    private ItemPipeline<string, WriterApplication> items = null!;

    /// <summary>Names, with wildcards, case-insensitive; a name without wildcards that matches none is an error.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApplicationNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Application IDs, by value or from a property named Id or ApplicationId.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("ApplicationId")]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = Array.Empty<string>();

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
        items = StartItems<string, WriterApplication>(new PipelineRunnerOptions(ThrottleLimit, !Unordered), (client, _) => client.GetApplicationAsync, (_, application) => WriteObject(application));
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ByIdSet:
                foreach (var id in Id)
                {
                    items.Submit(id);
                }

                break;
            case ByNameSet:
                List(Name.Select(name => WildcardPattern.Get(name, WildcardOptions.IgnoreCase)).ToList());
                break;
            default:
                List(null);
                break;
        }
    }

    protected override void EndProcessing() => items.Complete();

    // Every page, each written as it arrives, or only what the patterns match; a literal name that matched nothing is an
    // error of its own, as Get-Process -Name says of a process that is not there.
    private void List(IReadOnlyList<WildcardPattern>? patterns)
    {
        var all = new List<WriterApplication>();
        try
        {
            for (string? after = null; ;)
            {
                var page = items.WaitFor(items.Client.GetApplicationPageAsync(after, cancellationToken: Cancellation));
                foreach (var application in page.Applications)
                {
                    all.Add(application);
                    if (patterns is null || patterns.Any(pattern => pattern.IsMatch(application.Name)))
                    {
                        WriteObject(application);
                    }
                }

                if (page.NextAfter is not { } next || next == after)
                {
                    break;
                }

                after = next;
            }
        }
        catch (WriterApiException error)
        {
            WriteWriterError(error, patterns is null ? null : Name);
            return;
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            return;
        }

        ApplicationNames.Remember(Connection, all);
        foreach (var name in patterns is null ? Array.Empty<string>() : Name.Where(name => !WildcardPattern.ContainsWildcardCharacters(name)))
        {
            if (!all.Any(application => string.Equals(application.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                WriteWriterError(new WriterApiException(WriterErrorKind.ApplicationNotFound, $"No application is named '{name}'."), name);
            }
        }
    }
}
