namespace Audit.Domain.Auditd;

/// <summary>
/// Syscall number → name for x86_64, i386 and aarch64 (full UAPI tables; other architectures keep
/// the number only), and which syscalls start a program (execve, execveat).
/// </summary>
public static class SyscallNames
{
    private static readonly string?[] X86_64 = PackedNames.Unpack(X86_64SyscallTable.Packed);
    private static readonly string?[] I386 = PackedNames.Unpack(I386SyscallTable.Packed);
    private static readonly string?[] Aarch64 = PackedNames.Unpack(Aarch64SyscallTable.Packed);

    /// <summary>The name of syscall <paramref name="number"/> on <paramref name="arch"/>, or null.</summary>
    public static string? Name(uint arch, int number)
    {
        var table = arch switch
        {
            AuditArchitectures.X86_64 => X86_64,
            AuditArchitectures.I386 => I386,
            AuditArchitectures.Aarch64 => Aarch64,
            _ => null,
        };
        return table is not null && number >= 0 && number < table.Length ? table[number] : null;
    }

    /// <summary>True for execve and execveat by name.</summary>
    public static bool IsExec(string? name) => name is "execve" or "execveat";
}
