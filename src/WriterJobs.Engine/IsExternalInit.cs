#pragma warning disable IDE0130 // The compiler finds this type by its full name only.
namespace System.Runtime.CompilerServices;
#pragma warning restore IDE0130

/// <summary>What netstandard2.0 lacks for records and init accessors; the compiler needs only its name.</summary>
internal static class IsExternalInit
{
}
