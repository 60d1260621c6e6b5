namespace WriterJobs;

/// <summary>How a sweep ended, as its exit code: what a scheduler's alert acts on.</summary>
public enum WriterJobSweepOutcome
{
    /// <summary>Every failed job was retried (and, when waited for, completed), left for a later run, or needed nothing.</summary>
    AllGood = 0,

    /// <summary>Some job failed again, is over its budget, had an error or was not decided; or an application could not be listed.</summary>
    NeedsAttention = 1,

    /// <summary>Nothing was sent: no key, a refused key, the API out of reach, an unusable history or log, no application listed.</summary>
    CouldNotRun = 2,
}
