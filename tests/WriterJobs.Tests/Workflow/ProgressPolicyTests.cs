using System;
using Microsoft.Extensions.Time.Testing;
using WriterJobs.Output;
using WriterJobs.Progress;

namespace WriterJobs.Tests.Workflow;

/// <summary>Progress only where a person watches, and never more often than every 200 ms.</summary>
public sealed class ProgressPolicyTests
{
    private static string? NoCi(string name) => null;

    [Fact]
    public void An_interactive_console_shows_progress() =>
        Assert.True(ProgressPolicy.IsShown(false, true, true, new[] { "pwsh", "-NoLogo" }, NoCi));

    [Theory]
    [InlineData("-NonInteractive")]
    [InlineData("-noni")]
    [InlineData("/NonInteractive")]
    public void Pwsh_started_non_interactive_shows_none(string argument) =>
        Assert.False(ProgressPolicy.IsShown(false, true, true, new[] { "pwsh", argument, "-File", "x.ps1" }, NoCi));

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(false, false, true)]
    [InlineData(false, true, false)]
    public void Silenced_progress_a_host_without_a_console_or_a_service_shows_none(bool silenced, bool rawUI, bool interactive) =>
        Assert.False(ProgressPolicy.IsShown(silenced, rawUI, interactive, new[] { "pwsh" }, NoCi));

    [Theory]
    [InlineData("CI")]
    [InlineData("TF_BUILD")]
    public void CI_shows_none(string variable) =>
        Assert.False(ProgressPolicy.IsShown(false, true, true, new[] { "pwsh" }, name => name == variable ? "true" : null));

    [Fact]
    public void The_throttle_lets_the_first_update_through_and_then_one_per_interval()
    {
        var clock = new FakeTimeProvider();
        var throttle = new ProgressThrottle(TimeSpan.FromMilliseconds(200), clock);

        Assert.True(throttle.Allow());
        clock.Advance(TimeSpan.FromMilliseconds(150));
        Assert.False(throttle.Allow());
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(throttle.Allow());
        clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(throttle.Allow());
    }
}
