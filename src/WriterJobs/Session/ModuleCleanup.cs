using System.Management.Automation;

namespace WriterJobs.Session;

/// <summary>
/// Remove-Module: disconnects the session, takes back the type names and unhooks the dependency resolution. The assembly stays loaded after removal, and
/// with it the connection store, so without this the key and the pooled connections would outlive the module and serve
/// a later import.
/// </summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        ConnectionStore.Forget();
        PublicTypeNames.Unregister();
        DependencyHook.Detach();
    }
}
