using System;
using System.Management.Automation;
using System.Threading;
using WriterJobs.Binding;
using WriterJobs.Output;
using WriterJobs.Retry.History;

namespace WriterJobs;

/// <summary>Reset-WriterJobRetryBudget: forgets jobs in a retry history, so each has its whole budget again. Under
/// -WhatIf the history is only read.</summary>
[Cmdlet(VerbsCommon.Reset, "WriterJobRetryBudget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Reset-WriterJobRetryBudget.md")]
[OutputType(typeof(void))]
public sealed class ResetWriterJobRetryBudgetCommand : PSCmdlet, IDisposable
{
    private RetryHistory history = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string HistoryPath { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("JobId")]
    [AllowEmptyString]
    [AllowNull]
    [JobIdTransformation]
    public string?[] Id { get; set; } = Array.Empty<string>();

    protected override void BeginProcessing()
    {
        var readOnly = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? ((SwitchParameter)whatIf).IsPresent
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        history = HistoryPathParameter.Open(this, HistoryPath, () => new RetryBudget(RetryBudget.DefaultMaxRetries, TimeSpan.Zero), readOnly, CancellationToken.None);
    }

    protected override void ProcessRecord()
    {
        // -Id $null (an unset variable) is one bad ID, an error; never "every job", nor a crash.
        foreach (var id in JobIdArguments.Valid(this, Id ?? new string?[] { null }))
        {
            var retries = history.BudgetOf(id).Retries;
            if (!ShouldProcess($"Writer job {id} ({retries} retries recorded in {HistoryPath})", "Reset retry budget"))
            {
                continue;
            }

            try
            {
                history.ResetAsync(id, CancellationToken.None).GetAwaiter().GetResult();
                WriteVerbose($"Job {id}: {retries} retries forgotten; its whole budget is back.");
            }
            catch (WriterApiException busy)
            {
                WriteError(ErrorMapping.ToErrorRecord(busy, id));
            }
        }
    }

    public void Dispose() => history?.Dispose();
}
