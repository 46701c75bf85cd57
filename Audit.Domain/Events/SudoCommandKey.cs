namespace Audit.Domain.Events;

/// <summary>
/// The form in which auth.log's and auditd's record of one sudo agree: auth.log writes the resolved
/// path (<c>COMMAND=/usr/bin/true</c>, <c>/bin/bash</c> for <c>sudo -i</c>), auditd's USER_CMD the
/// command as run (<c>cmd="true"</c>, <c>"-bash"</c>). Both become the program's base name (a login
/// shell's leading dash dropped) followed by the arguments as written.
/// </summary>
public static class SudoCommandKey
{
    public static string? Of(string? command)
    {
        if (string.IsNullOrWhiteSpace(command)) return null;
        var text = command.AsSpan().Trim();
        var space = text.IndexOf(' ');
        var program = space < 0 ? text : text[..space];
        var slash = program.LastIndexOf('/');
        if (slash >= 0) program = program[(slash + 1)..];
        program = program.TrimStart('-');
        return space < 0 ? program.ToString() : string.Concat(program, text[space..]);
    }
}
