using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>The soft-delete properties and relationships of one entity type, resolved once per model.</summary>
internal sealed class SoftDeletePlan : IDeletionFlag
{
    private readonly HashSet<IProperty> _bookkeeping;

    private SoftDeletePlan(IEntityType entityType)
    {
        IsDeleted = entityType.GetProperty(SoftDeletePropertyNames.IsDeleted);
        DeletedAt = new TimestampProperty(entityType.GetProperty(SoftDeletePropertyNames.DeletedAt));
        DeletedBy = entityType.GetProperty(SoftDeletePropertyNames.DeletedBy);
        DeletedReason = entityType.GetProperty(SoftDeletePropertyNames.DeletedReason);
        PurgeAfter = entityType.GetSoftDeletePurgeAfter();
        PurgeAt = PurgeAfter == null ? null : new TimestampProperty(entityType.GetProperty(SoftDeletePropertyNames.PurgeAt));
        ReplacesId = entityType.IsSoftDeleteReplaceOnUpdate() ? entityType.GetProperty(SoftDeletePropertyNames.ReplacesId) : null;

        // Relationships along which EF would delete the dependents with this principal: the soft delete follows them.
        CascadingForeignKeys = [.. entityType.GetReferencingForeignKeys()
            .Where(fk => fk.DeleteBehavior is DeleteBehavior.Cascade or DeleteBehavior.ClientCascade && !fk.IsOwnership)];
        OtherReferencingForeignKeys = [.. entityType.GetReferencingForeignKeys()
            .Where(fk => fk.DeleteBehavior is not (DeleteBehavior.Cascade or DeleteBehavior.ClientCascade) && !fk.IsOwnership)];
        Ownerships = [.. entityType.GetReferencingForeignKeys().Where(fk => fk.IsOwnership)];
        Bookkeeping = [IsDeleted, DeletedAt.Property, DeletedBy, DeletedReason, .. PurgeAt == null ? [] : new[] { PurgeAt.Property }];
        _bookkeeping = new HashSet<IProperty>(entityType.GetProperties().Where(p => p.IsVersioningBookkeeping()), ReferenceEqualityComparer.Instance);
    }

    public IProperty IsDeleted { get; }

    public TimestampProperty DeletedAt { get; }

    public IProperty DeletedBy { get; }

    public IProperty DeletedReason { get; }

    public TimeSpan? PurgeAfter { get; }

    /// <summary>The purge date, or <see langword="null"/> when deleted rows are kept forever.</summary>
    public TimestampProperty? PurgeAt { get; }

    /// <summary>With replace-on-update: the new row's link to the row it replaces; otherwise <see langword="null"/>.</summary>
    public IProperty? ReplacesId { get; }

    public bool ReplaceOnUpdate => ReplacesId != null;

    public IReadOnlyList<IForeignKey> CascadingForeignKeys { get; }

    /// <summary>Relationships EF answers with setting the dependents' foreign keys to null (or nothing) on a delete.</summary>
    public IReadOnlyList<IForeignKey> OtherReferencingForeignKeys { get; }

    /// <summary>The relationships to the entity's owned types, whose rows stay with a soft-deleted owner.</summary>
    public IReadOnlyList<IForeignKey> Ownerships { get; }

    /// <summary>The properties a soft delete or a restore writes.</summary>
    public IReadOnlyList<IProperty> Bookkeeping { get; }

    /// <summary>
    /// Whether <paramref name="property"/> is a column a strategy writes (the flags, <c>ReplacesId</c>, change stamps), as
    /// opposed to the entity's values: an update of such columns only is written in place, not as a new record.
    /// </summary>
    public bool IsBookkeeping(IProperty property) => _bookkeeping.Contains(property);

    bool IDeletionFlag.IsDeleted(Microsoft.EntityFrameworkCore.ChangeTracking.PropertyValues row) => row[IsDeleted] is true;

    public static SoftDeletePlan? For(IEntityType entityType)
        => entityType.IsSoftDeletable() ? new SoftDeletePlan(entityType) : null;
}
