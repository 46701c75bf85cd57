using System.ComponentModel.DataAnnotations;

namespace Audit.Infrastructure.Partitions;

/// <summary>Day partitions: how far ahead they are made, how long data is kept.</summary>
public sealed class PartitionOptions
{
    public const string Section = "Partitions";

    /// <summary>Days ahead of today the recurring job creates partitions for.</summary>
    [Range(1, 60)]
    public int DaysAhead { get; set; } = 7;

    /// <summary>
    /// Events older than this many days fall into a partition of their own only when younger than
    /// this; older ones (a replayed 2009 log) land in the DEFAULT partition.
    /// </summary>
    [Range(1, 36500)]
    public int MaxBackfillDays { get; set; } = 3650;

    /// <summary>Whole event partitions older than this many days are dropped; 0 keeps them forever.</summary>
    [Range(0, 36500)]
    public int EventRetentionDays { get; set; }

    /// <summary>Whole raw-staging partitions older than this many days are dropped; 0 keeps them forever.</summary>
    [Range(0, 36500)]
    public int RawRetentionDays { get; set; }

    /// <summary>Retention refuses to drop anything younger than this (PCI DSS 10.5.1 asks for 12 months).</summary>
    [Range(0, 36500)]
    public int MinimumRetentionDays { get; set; } = 365;

    /// <summary>Raw staging is archived here (compressed NDJSON and a manifest of hashes) and verified before its partitions are dropped; with it set, unarchived raw data is never dropped. Empty: no archive.</summary>
    public string ArchiveDirectory { get; set; } = "";
}
