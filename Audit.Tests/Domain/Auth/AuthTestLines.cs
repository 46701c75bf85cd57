using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auth;

/// <summary>Shared fixture values for the auth.log parser tests.</summary>
internal static class AuthTestLines
{
    public static readonly DateTimeOffset Time = new(2026, 11, 6, 9, 1, 2, TimeSpan.Zero);

    public static AuthLine Line(string program = "sshd", int? pid = 812) => new(Time, "web-1", program, pid);

    public static T Event<T>(ParseResult result)
        where T : AuditEvent
    {
        Assert.Equal(ParseStatus.Parsed, result.Status);
        return Assert.IsType<T>(result.Event);
    }
}
