using System;
using System.Linq;
using WriterJobs.Sweep;

namespace WriterJobs.Tests.Sweep;

/// <summary>The sweep's exit code from its records: what needs a person, what only waits its turn, and when it could not run.</summary>
public sealed class SweepTallyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { "app-1,app-2" }, new[] { "app-1", "app-2" })]
    [InlineData(new[] { "app-1", "app-2" }, new[] { "app-1", "app-2" })]
    [InlineData(new[] { " app-1 , ,app-2,app-1", "app-3" }, new[] { "app-1", "app-2", "app-3" })]
    [InlineData(new[] { "*" }, new[] { "*" })]
    public void Applications_are_split_at_commas_trimmed_and_given_once(string[] given, string[] expected) =>
        Assert.Equal(expected, SweepApplications.Parse(given));

    [Theory]
    [InlineData(WriterJobRetryAction.Retried, WriterJobStatus.in_progress, false, false)]
    [InlineData(WriterJobRetryAction.Retried, WriterJobStatus.completed, true, false)]
    [InlineData(WriterJobRetryAction.Retried, WriterJobStatus.failed, true, true)]
    [InlineData(WriterJobRetryAction.Retried, WriterJobStatus.in_progress, true, true)]
    [InlineData(WriterJobRetryAction.TooSoon, WriterJobStatus.failed, false, false)]
    [InlineData(WriterJobRetryAction.RetriedByAnotherRun, WriterJobStatus.in_progress, false, false)]
    [InlineData(WriterJobRetryAction.LimitReached, WriterJobStatus.failed, false, false)]
    [InlineData(WriterJobRetryAction.TooOld, WriterJobStatus.failed, false, false)]
    [InlineData(WriterJobRetryAction.Skipped, WriterJobStatus.completed, false, false)]
    [InlineData(WriterJobRetryAction.WhatIf, WriterJobStatus.failed, false, false)]
    [InlineData(WriterJobRetryAction.OverBudget, WriterJobStatus.failed, false, true)]
    [InlineData(WriterJobRetryAction.Failed, WriterJobStatus.failed, false, true)]
    [InlineData(WriterJobRetryAction.NotSent, WriterJobStatus.failed, false, true)]
    public void Which_records_need_attention(WriterJobRetryAction action, WriterJobStatus status, bool waited, bool attention) =>
        Assert.Equal(attention, new SweepTally(waited).NeedsAttention(Record(action, status)));

    [Fact]
    public void All_good_when_every_job_was_retried_or_waits_its_turn()
    {
        var tally = Listed("app-1");
        tally.Add(Record(WriterJobRetryAction.Retried, WriterJobStatus.in_progress));
        tally.Add(Record(WriterJobRetryAction.TooSoon, WriterJobStatus.failed));
        tally.Add(Record(WriterJobRetryAction.RetriedByAnotherRun, WriterJobStatus.in_progress));

        var summary = tally.Summarize(Now, Now);

        Assert.Equal((WriterJobSweepOutcome.AllGood, 0, 3, 1, 1), (summary.Outcome, summary.ExitCode, summary.Jobs, summary.TooSoon, summary.RetriedByAnotherRun));
    }

    [Fact]
    public void An_application_that_could_not_be_listed_needs_attention_while_the_others_ran()
    {
        var tally = Listed("app-1");
        tally.Refused("no-such-app");
        tally.Add(Record(WriterJobRetryAction.Retried, WriterJobStatus.in_progress));

        var summary = tally.Summarize(Now, Now);

        Assert.Equal(WriterJobSweepOutcome.NeedsAttention, summary.Outcome);
        Assert.Equal(["no-such-app"], summary.ApplicationErrors);
    }

    [Fact]
    public void Could_not_run_only_when_nothing_was_sent()
    {
        var stoppedEarly = new SweepTally(waited: false);
        stoppedEarly.Stop("no key");
        var noApplication = new SweepTally(waited: false);
        noApplication.Refused("app-1");
        var stoppedAfterSending = Listed("app-1");
        stoppedAfterSending.Add(Record(WriterJobRetryAction.Retried, WriterJobStatus.in_progress));
        stoppedAfterSending.Stop("the API is out of reach");

        Assert.Equal(WriterJobSweepOutcome.CouldNotRun, stoppedEarly.Summarize(Now, Now).Outcome);
        Assert.Equal(WriterJobSweepOutcome.CouldNotRun, noApplication.Summarize(Now, Now).Outcome);
        Assert.Equal(WriterJobSweepOutcome.NeedsAttention, stoppedAfterSending.Summarize(Now, Now).Outcome);
    }

    [Fact]
    public void A_later_record_of_a_job_replaces_its_earlier_one()
    {
        var tally = Listed("app-1");
        var sent = Record(WriterJobRetryAction.Retried, WriterJobStatus.in_progress);
        tally.Add(sent);
        tally.Add(new WriterJobRetryResult(sent.Id, "app-1", WriterJobStatus.failed, WriterJobRetryAction.Retried, WriterJobStatus.completed, Now, "Retried; completed."));

        Assert.Equal(WriterJobStatus.completed, Assert.Single(tally.Records).StatusValue);
    }

    [Fact]
    public void A_job_listed_but_never_decided_is_NotSent_or_in_flight_Failed()
    {
        var job = new WriterJob(Guid.NewGuid(), "failed", "app-1", Now, Now, updatedAt: Now);

        Assert.Equal(WriterJobRetryAction.NotSent, SweepTally.Undecided(job, inFlight: false, "stopped", Now).ActionValue);
        Assert.Equal(WriterJobRetryAction.Failed, SweepTally.Undecided(job, inFlight: true, "stopped", Now).ActionValue);
    }

    private static SweepTally Listed(string application)
    {
        var tally = new SweepTally(waited: false);
        tally.Listed(application);
        return tally;
    }

    private static WriterJobRetryResult Record(WriterJobRetryAction action, WriterJobStatus status) =>
        new(Guid.NewGuid(), "app-1", WriterJobStatus.failed, action, status, Now, "a message");
}
