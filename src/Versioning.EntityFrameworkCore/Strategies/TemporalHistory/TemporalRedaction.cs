namespace Versioning.EntityFrameworkCore;

/// <summary>What a temporal entity type's history table keeps of its <c>[Redacted]</c> properties.</summary>
public enum TemporalRedaction
{
    /// <summary>
    /// The history column holds the redaction mask (<c>***</c>) instead of each value: as-of queries return the mask. Only
    /// a string property can hold it. The default.
    /// </summary>
    Mask,

    /// <summary>
    /// The history table has no column for the property: its past values are not kept at all, and as-of queries of past
    /// versions return <see langword="null"/> for it (the property must be nullable; of any type). Diffs and field
    /// histories leave it out.
    /// </summary>
    Exclude,
}
