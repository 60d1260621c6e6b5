using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace WriterJobs.Tests.Support;

/// <summary>
/// The cmdlets as PowerShell would see them, read from WriterJobs.dll with MetadataLoadContext (nothing is run):
/// names, ShouldProcess and paging support, the online help page, output types, and each parameter's type, sets,
/// pipeline binding and aliases.
/// </summary>
internal sealed record CmdletMetadata(
    string Verb,
    string Noun,
    string TypeName,
    bool SupportsShouldProcess,
    bool SupportsPaging,
    string? DefaultParameterSet,
    string? HelpUri,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<ParameterMetadata> Parameters)
{
    public string Name => $"{Verb}-{Noun}";

    public ParameterMetadata Parameter(string name) => Parameters.Single(p => p.Name == name);

    /// <summary>Every cmdlet of the module assembly, and the approved verbs of PowerShell's own Verbs* classes.</summary>
    public static (IReadOnlyList<CmdletMetadata> Cmdlets, IReadOnlySet<string> ApprovedVerbs) Read(string? moduleAssemblyPath = null)
    {
        var folder = AppContext.BaseDirectory;
        var modulePath = moduleAssemblyPath ?? Path.Combine(folder, "WriterJobs.dll");
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(folder, "*.dll"))
            .Append(modulePath)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last());
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        var module = context.LoadFromAssemblyPath(modulePath);
        var automation = context.LoadFromAssemblyName("System.Management.Automation");

        var verbs = automation.GetExportedTypes()
            .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var cmdlets = module.GetExportedTypes()
            .Select(t => (Type: t, Cmdlet: Attribute(t.GetCustomAttributesData(), "CmdletAttribute")))
            .Where(x => x.Cmdlet is not null && !x.Type.IsAbstract)
            .Select(x => Describe(x.Type, x.Cmdlet!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        return (cmdlets, verbs);
    }

    private static CmdletMetadata Describe(Type type, CustomAttributeData cmdlet)
    {
        var outputs = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(Values)
            .Select(v => v is Type t ? t.FullName! : v?.ToString() ?? "")
            .ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ParameterMetadata.TryRead)
            .Where(p => p is not null)
            .Select(p => p!)
            .ToList();
        return new CmdletMetadata(
            (string)cmdlet.ConstructorArguments[0].Value!,
            (string)cmdlet.ConstructorArguments[1].Value!,
            type.FullName!,
            Named(cmdlet, "SupportsShouldProcess") is true,
            Named(cmdlet, "SupportsPaging") is true,
            Named(cmdlet, "DefaultParameterSetName") as string,
            Named(cmdlet, "HelpUri") as string,
            outputs,
            parameters);
    }

    internal static CustomAttributeData? Attribute(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => a.AttributeType.Name == name);

    internal static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();

    internal static IEnumerable<object?> Values(CustomAttributeTypedArgument argument) =>
        argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { argument.Value };
}

/// <summary>One parameter: its type as help writes it (Guid[], SwitchParameter, TimeSpan, nullable unwrapped) and what each [Parameter] attribute says.</summary>
internal sealed record ParameterMetadata(
    string Name,
    string TypeName,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ParameterSetMetadata> Sets)
{
    public bool ValueFromPipeline => Sets.Any(s => s.ValueFromPipeline);

    public bool ValueFromPipelineByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);

    public static ParameterMetadata? TryRead(PropertyInfo property)
    {
        var data = property.GetCustomAttributesData();
        var sets = data.Where(a => a.AttributeType.Name == "ParameterAttribute")
            .Select(a => new ParameterSetMetadata(
                CmdletMetadata.Named(a, "ParameterSetName") as string ?? "__AllParameterSets",
                CmdletMetadata.Named(a, "Mandatory") is true,
                CmdletMetadata.Named(a, "Position") is int position ? position : null,
                CmdletMetadata.Named(a, "ValueFromPipeline") is true,
                CmdletMetadata.Named(a, "ValueFromPipelineByPropertyName") is true))
            .ToList();
        if (sets.Count == 0)
        {
            return null;
        }

        var aliases = CmdletMetadata.Attribute(data, "AliasAttribute") is { } alias
            ? alias.ConstructorArguments.SelectMany(CmdletMetadata.Values).Select(v => (string)v!).ToList()
            : new List<string>();
        return new ParameterMetadata(property.Name, Nullable(property.PropertyType).Name, aliases, sets);
    }

    private static Type Nullable(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : type;
}

internal sealed record ParameterSetMetadata(string Name, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);
