namespace Versioning.EntityFrameworkCore;

/// <summary>
/// One version of a temporal entity, as returned by <c>db.Documents.History(key)</c>: the entity's values during the
/// period [<see cref="ValidFrom"/>, <see cref="ValidTo"/>), the version number, and who ended the period.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class TemporalRow<TEntity>
    where TEntity : class
{
    internal TemporalRow(TEntity entity, int version, DateTime validFrom, DateTime? validTo, string? changedBy)
    {
        Entity = entity;
        Version = version;
        ValidFrom = validFrom;
        ValidTo = validTo;
        ChangedBy = changedBy;
    }

    /// <summary>The entity's values in this version (not tracked).</summary>
    public TEntity Entity { get; }

    /// <summary>The version number: 1 for the inserted values, + 1 per update.</summary>
    public int Version { get; }

    /// <summary>When these values became valid (UTC), inclusive.</summary>
    public DateTime ValidFrom { get; }

    /// <summary>When these values stopped being valid (UTC), exclusive; <see langword="null"/> for the current version.</summary>
    public DateTime? ValidTo { get; }

    /// <summary>Who made the update or delete that ended this version; <see langword="null"/> for the current version or no actor.</summary>
    public string? ChangedBy { get; }

    /// <summary>Whether this is the current version (the row in the entity's own table).</summary>
    public bool IsCurrent => ValidTo == null;
}
