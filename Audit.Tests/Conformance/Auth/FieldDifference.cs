namespace Audit.Tests.Conformance.Auth;

/// <summary>One field where our parse and a peer's expected output differ, with why (null: unexplained).</summary>
public sealed record FieldDifference(string Where, string Field, string? Expected, string? Actual, string? Explanation);
