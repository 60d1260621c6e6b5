using System.Management.Automation;

namespace WriterJobs.Session;

/// <summary>
/// Import-Module: first points the runtime at Dependencies/ (<see cref="DependencyHook"/>), then makes the module's
/// public types resolvable by name (<see cref="PublicTypeNames"/>), the first step that loads the engine.
/// </summary>
public sealed class ModuleImport : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        DependencyHook.Attach();
        PublicTypeNames.Register();
    }
}
