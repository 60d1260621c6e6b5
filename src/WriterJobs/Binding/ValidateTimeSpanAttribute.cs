using System;
using System.Management.Automation;

namespace WriterJobs.Binding;

/// <summary>Refuses a negative TimeSpan (or, unless zero is allowed, a zero one) at binding, before any input is read.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateTimeSpanAttribute : ValidateArgumentsAttribute
{
    public ValidateTimeSpanAttribute(bool zeroAllowed)
    {
        ZeroAllowed = zeroAllowed;
    }

    public bool ZeroAllowed { get; }

    /// <summary>The longest span allowed, in seconds; 0 for no limit.</summary>
    public int MaxSeconds { get; set; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is not TimeSpan span)
        {
            return;
        }

        if (span < TimeSpan.Zero || (span == TimeSpan.Zero && !ZeroAllowed))
        {
            throw new ValidationMetadataException(
                $"{span} ({span.TotalSeconds:0.###} s) is too short: give {(ZeroAllowed ? "0 seconds or more" : "more than 0 seconds")}, as a number of seconds or a TimeSpan.");
        }

        if (MaxSeconds > 0 && span > TimeSpan.FromSeconds(MaxSeconds))
        {
            throw new ValidationMetadataException(
                $"{span} ({span.TotalSeconds:0.###} s) is too long: give at most {MaxSeconds} seconds, as a number of seconds or a TimeSpan.");
        }
    }
}
