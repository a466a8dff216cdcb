namespace Versioning.EntityFrameworkCore;

/// <summary>
/// One version of a temporal entity, as returned by <c>db.Documents.History(key)</c>: the entity's values during the
/// period [<see cref="ValidFrom"/>, <see cref="ValidTo"/>), the version number, who made the version and, for the last
/// version of a deleted entity, who deleted it.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class TemporalRow<TEntity>
    where TEntity : class
{
    internal TemporalRow(TEntity entity, int version, DateTime validFrom, DateTime? validTo, string? changedBy, string? removedBy)
    {
        RemovedBy = removedBy;
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

    /// <summary>
    /// Who made this version (the actor of the insert or update that gave the entity these values), the current version
    /// included; <see langword="null"/> when the change had no actor.
    /// </summary>
    public string? ChangedBy { get; }

    /// <summary>
    /// Who deleted the entity, on the version the delete ended (its last); <see langword="null"/> on every other
    /// version and when the delete had no actor. A delete that keeps the row (soft delete) is a version of its own instead.
    /// </summary>
    public string? RemovedBy { get; }

    /// <summary>Whether this is the current version (the row in the entity's own table).</summary>
    public bool IsCurrent => ValidTo == null;
}
