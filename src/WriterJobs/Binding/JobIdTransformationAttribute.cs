using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace WriterJobs.Binding;

/// <summary>
/// -Id takes strings, and PowerShell turns any piped object into one: a [pscustomobject] whose JobId is a GUID would
/// bind by value as the text "@{JobId=...}" before binding by property name is tried with conversion. This gives -Id
/// the Id (else the JobId) of such an object instead; strings, GUIDs, numbers and objects without either property pass
/// as they are, and what is not a job ID is still one item's error (<see cref="WriterCommandBase"/>). An application
/// passes as it is too: its Id is no job ID, and left alone it binds to Get-WriterJob's -Application instead.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class JobIdTransformationAttribute : ArgumentTransformationAttribute
{
    private static readonly string[] IdProperties = { "Id", "JobId" };

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var bare = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return bare is IList list ? list.Cast<object?>().Select(IdOf).ToArray() : IdOf(inputData);
    }

    private static object? IdOf(object? value)
    {
        var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (bare is null or string or ValueType or WriterApplication)
        {
            return value;
        }

        var properties = PSObject.AsPSObject(value).Properties;
        return IdProperties.Select(name => properties[name]?.Value).FirstOrDefault(id => id is not null) ?? value;
    }
}
