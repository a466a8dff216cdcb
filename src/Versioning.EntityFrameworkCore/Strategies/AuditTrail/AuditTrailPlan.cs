using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>The audit-trail properties of one entity type, resolved once per model.</summary>
internal sealed class AuditTrailPlan : IRowFamily
{
    private readonly HashSet<IProperty> _bookkeeping;

    private AuditTrailPlan(IEntityType entityType)
    {
        Key = entityType.FindPrimaryKey()!.Properties[0];
        Revision = entityType.GetProperty(AuditTrailPropertyNames.Revision);
        IsCurrent = entityType.GetProperty(AuditTrailPropertyNames.IsCurrent);
        RootId = entityType.GetProperty(AuditTrailPropertyNames.RootId);
        ModifiedBy = entityType.GetProperty(AuditTrailPropertyNames.ModifiedBy);
        Revisioned = [Revision, IsCurrent, RootId, ModifiedBy];
        FamilyKeyProperties = [RootId, Key];

        // What an update may change without making a new revision: the strategies' own columns and generated ones.
        _bookkeeping = new HashSet<IProperty>(ReferenceEqualityComparer.Instance);
        _bookkeeping.UnionWith(Revisioned);

        // The soft-delete flags and change stamps, marked as bookkeeping by the conventions that added them.
        _bookkeeping.UnionWith(entityType.GetProperties().Where(p => p.IsVersioningBookkeeping()));

        _bookkeeping.UnionWith(entityType.GetProperties().Where(p => p.GetBeforeSaveBehavior() == PropertySaveBehavior.Ignore && !p.IsPrimaryKey()));
        Values = [.. entityType.GetProperties().Where(p => !p.IsPrimaryKey() && !_bookkeeping.Contains(p))];
    }

    public IProperty Key { get; }

    public IProperty Revision { get; }

    public IProperty IsCurrent { get; }

    public IProperty RootId { get; }

    public IProperty ModifiedBy { get; }

    /// <summary><c>Revision</c>, <c>IsCurrent</c>, <c>RootId</c> and <c>ModifiedBy</c>: written by the pipeline only.</summary>
    public IReadOnlyList<IProperty> Revisioned { get; }

    /// <summary>The application's values: what a revision records and a restore copies back.</summary>
    public IReadOnlyList<IProperty> Values { get; }

    public bool IsBookkeeping(IProperty property) => _bookkeeping.Contains(property);

    /// <summary>A revision's family is its first revision: <c>RootId</c>, or its own key for revision 1.</summary>
    public object? FamilyKey(PropertyValues row) => row[RootId] ?? row[Key];

    public string RowName(PropertyValues row, bool next)
        => string.Create(CultureInfo.InvariantCulture, $"{RowNamePrefix}{(int)row[Revision]! + (next ? 1 : 0)}");

    public IReadOnlyList<IProperty> FamilyKeyProperties { get; }

    public IProperty RowNumber => Revision;

    public string RowNamePrefix => "revision ";

    // The audit trail switches soft delete on; a model that switched it off again fails validation, and has no plan.
    public static AuditTrailPlan? For(IEntityType entityType)
        => entityType.HasAuditTrail() && entityType.IsSoftDeletable() ? new AuditTrailPlan(entityType) : null;
}
