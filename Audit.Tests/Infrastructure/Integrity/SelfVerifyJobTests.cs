using Audit.Infrastructure.Integrity;

namespace Audit.Tests.Infrastructure.Integrity;

public sealed class SelfVerifyJobTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-1, 0, false)]       // not yet due
    [InlineData(0, 0, true)]         // due, nothing waiting to be parsed
    [InlineData(5, 40_000, false)]   // due, but the parser has lines waiting: it yields
    [InlineData(599, 1, false)]      // still yielding just before the deferral ends
    [InlineData(600, 2_000_000, true)] // a flood cannot put it off past the deferral
    [InlineData(601, 0, true)]
    public void A_due_verification_yields_to_a_parse_backlog_for_at_most_the_deferral(int secondsAfterDue, long backlogLines, bool expected)
    {
        var schedule = new VerifySchedule(Due, TimeSpan.FromHours(1), TimeSpan.FromMinutes(10));

        Assert.Equal(expected, schedule.IsDue(Due.AddSeconds(secondsAfterDue), backlogLines));
    }

    [Fact]
    public void After_a_run_the_next_verification_is_due_one_interval_later()
    {
        var schedule = new VerifySchedule(Due, TimeSpan.FromHours(1), TimeSpan.FromMinutes(10));
        var ran = Due.AddMinutes(4);
        schedule.Ran(ran);

        Assert.False(schedule.IsDue(ran.AddMinutes(59), 0));
        Assert.True(schedule.IsDue(ran.AddHours(1), 0));
        Assert.False(schedule.IsDue(ran.AddHours(1).AddMinutes(9), 5));
        Assert.True(schedule.IsDue(ran.AddHours(1).AddMinutes(10), 5));
    }
}
