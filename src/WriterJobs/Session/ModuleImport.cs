using System.Management.Automation;

namespace WriterJobs.Session;

/// <summary>Import-Module: makes the module's public types resolvable by name (<see cref="PublicTypeNames"/>).</summary>
public sealed class ModuleImport : IModuleAssemblyInitializer
{
    public void OnImport() => PublicTypeNames.Register();
}
