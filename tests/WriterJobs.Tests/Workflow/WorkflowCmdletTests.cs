using System;
using System.Linq;
using System.Xml.Linq;
using WriterJobs.Tests.Support;

namespace WriterJobs.Tests.Workflow;

/// <summary>The workflow cmdlets' parameters as PowerShell binds them, and a default view for every output type.</summary>
public sealed class WorkflowCmdletTests
{
    private static readonly System.Collections.Generic.IReadOnlyList<CmdletMetadata> Cmdlets = CmdletMetadata.Read().Cmdlets;

    private static CmdletMetadata Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

    [Fact]
    public void Get_WriterJob_lists_by_application_in_its_own_set_with_paging()
    {
        var get = Cmdlet("Get-WriterJob");

        Assert.True(get.SupportsPaging);
        Assert.Equal("ById", get.DefaultParameterSet);
        Assert.Equal("ByApplication", Assert.Single(get.Parameter("ApplicationId").Sets).Name);
        Assert.True(Assert.Single(get.Parameter("ApplicationId").Sets).Mandatory);
        Assert.Equal("String", get.Parameter("Status").TypeName);
        Assert.Equal(["ByApplication", "ByApplicationObject"], get.Parameter("Status").Sets.Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Get_WriterJob_takes_piped_applications_by_value_as_an_exact_type_in_a_set_of_their_own()
    {
        var application = Cmdlet("Get-WriterJob").Parameter("Application");

        Assert.Equal("WriterApplication[]", application.TypeName);
        var set = Assert.Single(application.Sets);
        Assert.Equal(("ByApplicationObject", true, true, false), (set.Name, set.Mandatory, set.ValueFromPipeline, set.ValueFromPipelineByPropertyName));
    }

    [Fact]
    public void Get_WriterApplication_lists_all_by_default_and_takes_names_or_piped_IDs()
    {
        var get = Cmdlet("Get-WriterApplication");

        Assert.Equal("All", get.DefaultParameterSet);
        Assert.Equal("String[]", get.Parameter("Name").TypeName);
        Assert.Equal(0, Assert.Single(get.Parameter("Name").Sets).Position);
        var id = get.Parameter("Id");
        Assert.Equal("String[]", id.TypeName);
        Assert.True(id.ValueFromPipeline);
        Assert.True(id.ValueFromPipelineByPropertyName);
        Assert.Equal(["ApplicationId"], id.Aliases);
        Assert.Contains("WriterJobs.WriterApplication", get.OutputTypes);
    }

    [Fact]
    public void Invoke_WriterJobRetry_can_wait_with_a_timeout_and_a_poll_interval()
    {
        var retry = Cmdlet("Invoke-WriterJobRetry");

        Assert.Equal("SwitchParameter", retry.Parameter("Wait").TypeName);
        Assert.Equal("TimeSpan", retry.Parameter("Timeout").TypeName);
        Assert.Equal("TimeSpan", retry.Parameter("PollInterval").TypeName);
    }

    [Fact]
    public void Wait_WriterJob_takes_ids_or_jobs_and_has_Any_Timeout_and_PollInterval()
    {
        var wait = Cmdlet("Wait-WriterJob");

        Assert.Equal("WriterJob[]", wait.Parameter("InputObject").TypeName);
        Assert.True(wait.Parameter("InputObject").ValueFromPipeline);
        Assert.Equal("SwitchParameter", wait.Parameter("Any").TypeName);
        Assert.Equal("TimeSpan", wait.Parameter("Timeout").TypeName);
        Assert.Equal("TimeSpan", wait.Parameter("PollInterval").TypeName);
        Assert.Contains("WriterJobs.WriterJob", wait.OutputTypes);
    }

    [Fact]
    public void Start_WriterJob_changes_state_so_supports_ShouldProcess_and_writes_a_job()
    {
        var start = Cmdlet("Start-WriterJob");

        Assert.True(start.SupportsShouldProcess);
        Assert.Equal("String", start.Parameter("ApplicationId").TypeName);
        var inputs = start.Parameter("Inputs");
        Assert.Equal("PSObject", inputs.TypeName);
        Assert.True(inputs.ValueFromPipeline);
        Assert.Equal(["Input"], inputs.Aliases);
        Assert.Contains("WriterJobs.WriterJob", start.OutputTypes);
    }

    [Fact]
    public void Every_output_type_has_a_default_view_whose_fixed_columns_fit_120()
    {
        var format = XDocument.Load(RepositoryFiles.PathOf("src", "WriterJobs", "WriterJobs.format.ps1xml"));
        var views = format.Descendants("View").ToList();

        foreach (var type in Cmdlets.SelectMany(c => c.OutputTypes).Where(t => t.StartsWith("WriterJobs.", StringComparison.Ordinal)).Distinct())
        {
            var view = Assert.Single(views, v => v.Descendants("TypeName").Any(t => t.Value == type));
            var headers = view.Descendants("TableColumnHeader").ToList();
            var fixedWidth = headers.Sum(h => int.TryParse(h.Element("Width")?.Value, out var w) ? w : 0) + headers.Count - 1;
            // Leave the last, free column at least 20 characters.
            Assert.True(headers.Count == 0 || fixedWidth + 20 <= 120, $"{type}: {fixedWidth} columns fixed");
        }
    }
}
