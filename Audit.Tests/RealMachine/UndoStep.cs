namespace Audit.Tests.RealMachine;

/// <summary>How a change to the machine is taken back; every kind is safe to run twice.</summary>
public enum UndoKind
{
    /// <summary>Run <see cref="UndoStep.Command"/>; a failure (e.g. the user is already gone) is ignored.</summary>
    Run,

    /// <summary>Stop the process <see cref="UndoStep.Pid"/>, but only if its command line still holds <see cref="UndoStep.Marker"/>.</summary>
    Kill,

    /// <summary>Put the /dev/log found at the start (moved to <see cref="UndoStep.Marker"/>) back, or remove a dead socket left behind.</summary>
    RestoreDevLog,

    /// <summary>Delete the file <see cref="UndoStep.Marker"/>.</summary>
    DeleteFile,
}

public sealed record UndoStep(UndoKind Kind, string[]? Command = null, int? Pid = null, string? Marker = null);
