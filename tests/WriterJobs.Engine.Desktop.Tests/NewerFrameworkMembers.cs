using System;
using System.Threading.Tasks;

namespace WriterJobs.Tests;

/// <summary>What the shared tests call on .NET 10 that .NET Framework 4.7.2 lacks and the Polyfill package does not bring.</summary>
internal static class NewerFrameworkMembers
{
    extension(string text)
    {
        /// <summary>The ordinal replace; the tests ask for no other comparison.</summary>
        public string Replace(string oldValue, string newValue, StringComparison comparison) => comparison == StringComparison.Ordinal
            ? text.Replace(oldValue, newValue)
            : throw new NotSupportedException($"Only an ordinal replace is polyfilled, not {comparison}.");
    }

    extension(Task task)
    {
        public bool IsCompletedSuccessfully => task.Status == TaskStatus.RanToCompletion;
    }

    extension(TimeSpan)
    {
        public static double operator /(TimeSpan dividend, TimeSpan divisor) => (double)dividend.Ticks / divisor.Ticks;
    }
}
