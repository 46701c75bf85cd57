using Audit.Domain.Events;
using Audit.Domain.Syslog;

namespace Audit.Domain.Bash;

/// <summary>
/// Parses the message that a <c>PROMPT_COMMAND</c> hook hands to <c>logger</c>:
/// <c>alice [1234]: ls -la [0]</c>, or with the history number kept
/// (<c>alice [1234]:   42  ls -la [0]</c>), or without the exit status.
/// </summary>
public static class BashCommandParser
{
    // Tags that say nothing about the person: a `logger -t bash` setup, for example.
    private static readonly HashSet<string> GenericTags = new(StringComparer.Ordinal) { "", "bash", "logger", "commands", "shell", "history", "sh", "zsh" };

    /// <summary>True when the message has the hook's shape; <paramref name="command"/> may then be an empty command (the first prompt).</summary>
    public static bool TryParse(ReadOnlySpan<char> message, in SyslogHeader header, string fallbackHost, out ShellCommand command)
    {
        command = null!;
        var open = message.IndexOf(" [", StringComparison.Ordinal);
        if (open <= 0) return false;
        var user = message[..open];
        if (user.ContainsAny(' ', '\t', ':')) return false;
        var rest = message[(open + 2)..];
        var close = rest.IndexOf("]:", StringComparison.Ordinal);
        if (close <= 0 || !int.TryParse(rest[..close], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)) return false;
        rest = rest[(close + 2)..];

        int? exitCode = null;
        var trimmedEnd = rest.TrimEnd();
        if (trimmedEnd.Length > 0 && trimmedEnd[^1] == ']')
        {
            var statusOpen = trimmedEnd.LastIndexOf('[');
            if (statusOpen >= 0 && (statusOpen == 0 || trimmedEnd[statusOpen - 1] == ' ')
                && int.TryParse(trimmedEnd[(statusOpen + 1)..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                exitCode = code;
                rest = trimmedEnd[..statusOpen];
            }
        }

        var historyNumber = TakeHistoryNumber(ref rest);
        var text = rest.Trim(' ').ToString();
        var host = header.Host.Length > 0 ? header.Host : fallbackHost;
        var userName = user.ToString();
        string? loginUser = GenericTags.Contains(header.Program) ? null : header.Program;
        command = new ShellCommand(header.Timestamp, host, userName, loginUser ?? userName, text, exitCode, pid, historyNumber, "bash");
        return true;
    }

    /// <summary>
    /// <c>history 1</c> prints <c>%5d  command</c> (a <c>*</c> marks an edited entry). A number counts
    /// as one only in that shape: padded on the left, or followed by two spaces.
    /// </summary>
    private static int? TakeHistoryNumber(ref ReadOnlySpan<char> rest)
    {
        var start = 0;
        while (start < rest.Length && rest[start] == ' ') start++;
        var end = start;
        while (end < rest.Length && rest[end] is >= '0' and <= '9' && end - start < 9) end++;
        if (end == start) return null;
        var afterDigits = end;
        if (afterDigits < rest.Length && rest[afterDigits] == '*') afterDigits++;
        var spaces = 0;
        while (afterDigits + spaces < rest.Length && rest[afterDigits + spaces] == ' ') spaces++;
        var atEnd = afterDigits + spaces == rest.Length;
        var leadingPad = start >= 2;
        if (!(spaces >= 2 || (leadingPad && (spaces >= 1 || atEnd)))) return null;
        var number = int.Parse(rest[start..end], System.Globalization.CultureInfo.InvariantCulture);
        rest = rest[(afterDigits + spaces)..];
        return number;
    }
}
