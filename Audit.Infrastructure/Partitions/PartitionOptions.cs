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
    /// Events fall into a day partition of their own only when younger than this many days (and than
    /// the event retention); older ones (a replayed 2009 log) land in the DEFAULT partition. The
    /// default is the 365-day minimum retention and a month: what a year of operation creates anyway.
    /// </summary>
    [Range(1, 36500)]
    public int MaxBackfillDays { get; set; } = 400;

    /// <summary>
    /// New day partitions one parse pass may create per table; lines of further new days wait in the
    /// DEFAULT partition until maintenance gives them their day (see docs/security.md, "Parsing").
    /// </summary>
    [Range(1, 400)]
    public int MaxNewPerPass { get; set; } = 8;

    /// <summary>Days one maintenance run moves out of each DEFAULT partition into partitions of their own.</summary>
    [Range(1, 4000)]
    public int MaxNewPerMaintenance { get; set; } = 64;

    /// <summary>Oldest day that gets a partition of its own: the backfill bound, or the retention if shorter.</summary>
    public DateOnly OldestOwnDay(DateOnly today) =>
        today.AddDays(-(EventRetentionDays > 0 ? Math.Min(MaxBackfillDays, EventRetentionDays) : MaxBackfillDays));

    /// <summary>Day after the newest that gets a partition of its own.</summary>
    public DateOnly NewestOwnDayExclusive(DateOnly today) => today.AddDays(DaysAhead + 2);

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
