using Audit.Domain.Events;

namespace Audit.Tests.Domain.Events;

public sealed class SudoCommandKeyTests
{
    [Theory]
    [InlineData("/usr/bin/true", "true")]
    [InlineData("true", "true")]
    [InlineData("/bin/bash", "bash")]
    [InlineData("-bash", "bash")]
    [InlineData("/usr/bin/systemctl restart nginx", "systemctl restart nginx")]
    [InlineData("systemctl restart nginx", "systemctl restart nginx")]
    [InlineData("  /usr/bin/cat /etc/shadow ", "cat /etc/shadow")]
    [InlineData("/usr/bin/env PATH=/x /opt/a b", "env PATH=/x /opt/a b")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Auth_and_auditd_spellings_meet_in_one_form(string? command, string? key)
    {
        Assert.Equal(key, SudoCommandKey.Of(command));
    }
}
