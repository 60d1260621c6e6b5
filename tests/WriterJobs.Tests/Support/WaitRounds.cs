using System.Threading.Tasks;
using WriterJobs.Waiting;

namespace WriterJobs.Tests.Support;

/// <summary>Runs a wait round after round until it is over, as Wait-WriterJob and the sweep do on the pipeline thread.</summary>
internal static class WaitRounds
{
    public static async Task RunToEndAsync(this WriterJobWait wait)
    {
        while (!wait.IsOver)
        {
            await wait.NextRoundAsync();
        }
    }
}
