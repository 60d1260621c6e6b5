using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using WriterJobs.Output;

namespace WriterJobs.Tests.Packaging;

/// <summary>The engine is public only where a PowerShell user meets it by name; everything else is internal.</summary>
public sealed class PublicSurfaceTests
{
    private static readonly Type[] Exported = typeof(WriterJob).Assembly.GetExportedTypes();

    [Fact]
    public void The_engine_exports_the_outputs_what_they_hold_and_the_error_and_nothing_else()
    {
        Assert.Equal(
            [
                "WriterApiException", "WriterApplication", "WriterApplicationInput", "WriterConnectionInfo",
                "WriterErrorKind", "WriterJob", "WriterJobRetryAction", "WriterJobRetryBudget", "WriterJobRetryResult",
                "WriterJobStatus", "WriterJobSweepOutcome", "WriterJobSweepSummary",
            ],
            Exported.Select(type => type.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_cmdlet_assembly_exports_only_what_PowerShell_reaches()
    {
        // Cmdlets and their base, the attributes and completers their parameters name, the import hooks, and the
        // word-wrapping the format file calls by type name.
        var exported = typeof(GetWriterJobCommand).Assembly.GetExportedTypes();
        Assert.All(exported, type => Assert.True(
            typeof(Cmdlet).IsAssignableFrom(type) || typeof(Attribute).IsAssignableFrom(type) || typeof(IArgumentCompleter).IsAssignableFrom(type)
                || typeof(IModuleAssemblyInitializer).IsAssignableFrom(type) || typeof(IModuleAssemblyCleanup).IsAssignableFrom(type) || type == typeof(TableText),
            $"{type.FullName} is public, but PowerShell never reaches it."));
    }

    [Fact]
    public void Every_type_a_cmdlet_writes_or_takes_is_public_and_has_its_name_registered()
    {
        var cmdlets = typeof(GetWriterJobCommand).Assembly.GetExportedTypes().Where(type => typeof(Cmdlet).IsAssignableFrom(type) && !type.IsAbstract).ToList();
        // Read from the attributes' metadata: building an OutputTypeAttribute needs a PowerShell session.
        var written = cmdlets.SelectMany(type => type.GetCustomAttributesData()).Where(data => data.AttributeType == typeof(OutputTypeAttribute))
            .SelectMany(data => data.ConstructorArguments).SelectMany(argument => (IEnumerable<CustomAttributeTypedArgument>)argument.Value!).Select(argument => (Type)argument.Value!);
        var taken = cmdlets.SelectMany(type => type.GetProperties()).Where(property => property.IsDefined(typeof(ParameterAttribute)))
            .Select(property => property.PropertyType.IsArray ? property.PropertyType.GetElementType()! : property.PropertyType);
        var engineTypes = written.Concat(taken).Where(type => type is not null && type.Assembly == typeof(WriterJob).Assembly).Distinct().ToList();

        Assert.NotEmpty(engineTypes);
        Assert.All(engineTypes, type => Assert.Contains(type, Exported));
        Assert.Equal(Exported.OrderBy(type => type.FullName), Session.PublicTypeNames.Types.OrderBy(type => type.FullName));
    }
}
