using System;
using System.Globalization;
using System.Management.Automation;

namespace WriterJobs.Binding;

/// <summary>
/// A number given to a TimeSpan parameter means seconds, as Wait-Job -Timeout 30 does; PowerShell alone would take it as
/// ticks (30 ticks are 3 microseconds). A TimeSpan, or text such as '00:01:00', is left to PowerShell's own conversion.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecondsToTimeSpanAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal =>
                TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) =>
                TimeSpan.FromSeconds(seconds),
            _ => inputData,
        };
    }
}
