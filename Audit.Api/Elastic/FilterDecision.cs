namespace Audit.Api.Elastic;

/// <summary>What a <c>filter_path</c> says about one field of a response.</summary>
public enum FilterDecision
{
    /// <summary>Leave the field (and everything under it) out.</summary>
    Exclude = 0,

    /// <summary>Keep the field and everything under it.</summary>
    Include = 1,

    /// <summary>Keep the field only for the children the filter keeps.</summary>
    Partial = 2,
}
