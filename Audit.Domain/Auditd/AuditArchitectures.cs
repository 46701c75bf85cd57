using System.Globalization;

namespace Audit.Domain.Auditd;

/// <summary>
/// The <c>arch=</c> field: the kernel's AUDIT_ARCH_* value in hex (ELF machine | 64-bit | little-endian
/// bits). Names follow auparse (<c>c000003e</c> → <c>x86_64</c>).
/// </summary>
public static class AuditArchitectures
{
    public const uint X86_64 = 0xC000003E;
    public const uint I386 = 0x40000003;
    public const uint Aarch64 = 0xC00000B7;

    /// <summary>Reads the hex value as written (with or without <c>0x</c>); false when it is not hex.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out uint arch)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) text = text[2..];
        return uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out arch);
    }

    /// <summary>The architecture's name, or null when unknown.</summary>
    public static string? Name(uint arch) => arch switch
    {
        X86_64 => "x86_64",
        I386 => "i386",
        Aarch64 => "aarch64",
        0x40000028 => "arm",
        0x28 => "armeb",
        0x80000015 => "ppc64",
        0xC0000015 => "ppc64le",
        0x14 => "ppc",
        0x80000016 => "s390x",
        0x16 => "s390",
        0xC00000F3 => "riscv64",
        0x400000F3 => "riscv32",
        0xC0000102 => "loongarch64",
        0x80000008 => "mips64",
        0xC0000008 => "mipsel64",
        0x8 => "mips",
        0x40000008 => "mipsel",
        0xC0000032 => "ia64",
        0x8000002B => "sparc64",
        0x2 => "sparc",
        0x80000012 => "sparc64",
        0xF => "parisc",
        0x8000000F => "parisc64",
        0xC0009026 => "alpha",
        _ => null,
    };

    /// <summary>Maps a name as ENRICHED writes it (<c>ARCH=x86_64</c>) back to the value; null when unknown.</summary>
    public static uint? FromName(ReadOnlySpan<char> name) => name switch
    {
        "x86_64" => X86_64,
        "i386" or "i686" => I386,
        "aarch64" => Aarch64,
        "arm" => 0x40000028,
        "ppc64" => 0x80000015,
        "ppc64le" => 0xC0000015,
        "s390x" => 0x80000016,
        "riscv64" => 0xC00000F3,
        _ => null,
    };
}
