namespace Audit.Domain.Auditd;

/// <summary>Unpacks the number-ordered name lists of the syscall and errno tables.</summary>
internal static class PackedNames
{
    /// <summary>Index = number; <c>-</c> skips one number, <c>-N</c> skips N.</summary>
    public static string?[] Unpack(string packed)
    {
        var names = new List<string?>(512);
        foreach (var word in packed.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word[0] != '-')
            {
                names.Add(word);
                continue;
            }

            var gap = word.Length == 1 ? 1 : int.Parse(word.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < gap; i++) names.Add(null);
        }

        return [.. names];
    }
}
