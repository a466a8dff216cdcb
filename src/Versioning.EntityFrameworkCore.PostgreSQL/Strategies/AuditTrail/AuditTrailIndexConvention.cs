using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.SoftDelete;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail;

/// <summary>
/// On PostgreSQL, lets the database enforce the audit trail's invariants (one current revision per family, revision numbers never written twice):
/// <list type="bullet">
/// <item>a stored generated column <see cref="AuditTrailPropertyNames.FamilyId"/> = <c>COALESCE(root_id, id)</c> names each
/// row's family (PostgreSQL cannot put an expression index into an EF model, a column it can);</item>
/// <item>a unique index on it <c>WHERE is_current</c>: one current revision per family;</item>
/// <item>a unique index on (family, revision): revision numbers are never written twice;</item>
/// <item>both checked at commit (created as deferrable constraints, see
/// <see cref="PostgreSQL.Migrations.VersioningNpgsqlMigrationsSqlGenerator"/>);</item>
/// <item>the application's own unique indexes become partial on <c>is_current</c> too, because past revisions repeat the
/// values of the current one (soft delete has already made them partial on <c>NOT is_deleted</c>), and are checked at
/// commit as well (a violation is then reported as an exclusion violation, SQLSTATE 23P01, when the transaction
/// commits).</item>
/// </list>
/// Runs after <see cref="SoftDeletePartialIndexConvention"/>, so that the two indexes above are not made partial on
/// <c>NOT is_deleted</c>: a deleted current revision is still the family's current one and still holds its number.
/// </summary>
internal sealed class AuditTrailIndexConvention : IModelFinalizingConvention
{
    private readonly IndexFilterSql _sql;

    /// <summary>Creates the convention.</summary>
    /// <param name="sqlGenerationHelper">The provider's SQL helper, used to delimit column names.</param>
    public AuditTrailIndexConvention(ISqlGenerationHelper sqlGenerationHelper) => _sql = new IndexFilterSql(sqlGenerationHelper);

    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            if (entityType.BaseType != null
                || !entityType.HasAuditTrail()
                || entityType.GetTableName() is not { } table
                || entityType.FindPrimaryKey() is not { Properties: [var key] }
                || entityType.FindProperty(AuditTrailPropertyNames.RootId) is not { } rootId
                || entityType.FindProperty(AuditTrailPropertyNames.IsCurrent) is not { } isCurrent
                || entityType.FindProperty(AuditTrailPropertyNames.Revision) is not { } revision)
            {
                continue;
            }

            var storeObject = StoreObjectIdentifier.Table(table, entityType.GetSchema());
            var current = Column(isCurrent, storeObject);
            foreach (var index in entityType.GetIndexes().Where(i => i.IsUnique).ToList())
            {
                IndexFilterSql.AddCondition(index, current);

                // The losing writer's new revision repeats the values of the current one: checked at once, this index
                // would report that instead of the concurrency conflict.
                index.SetAnnotation(VersioningAnnotationNames.DeferredConstraint, true);
            }

            var familyProperty = entityType.Builder.Property(key.ClrType, AuditTrailPropertyNames.FamilyId);
            if (familyProperty == null)
            {
                continue;
            }

            familyProperty.HasComputedColumnSql($"COALESCE({Column(rootId, storeObject)}, {Column(key, storeObject)})");
            familyProperty.IsStoredComputedColumn(true);
            // A row's family never changes (neither its key nor its RootId does): read back after the INSERT only, so the
            // UPDATE that retires a revision returns nothing. Set above convention level: EF's value generation convention
            // makes every computed column OnAddOrUpdate, and runs again after this one.
            familyProperty.ValueGenerated(ValueGenerated.OnAdd, fromDataAnnotation: true);

            // The pipeline's own column: never an application value that the activity log records or a diff compares.
            familyProperty.HasAnnotation(VersioningAnnotationNames.Bookkeeping, true);
            familyProperty.BeforeSave(PropertySaveBehavior.Ignore);
            familyProperty.AfterSave(PropertySaveBehavior.Ignore);
            var family = familyProperty.Metadata;
            // Checked at commit (see VersioningNpgsqlMigrationsSqlGenerator): a writer that lost the race on the old row
            // must see DbUpdateConcurrencyException, not a unique violation of its new row.
            entityType.Builder.HasIndex([family])?.IsUnique(true)?.HasFilter(current)
                ?.HasAnnotation(VersioningAnnotationNames.DeferredConstraint, true);
            entityType.Builder.HasIndex([family, revision])?.IsUnique(true)
                ?.HasAnnotation(VersioningAnnotationNames.DeferredConstraint, true);
        }
    }

    private string Column(IReadOnlyProperty property, StoreObjectIdentifier storeObject) => _sql.Column(property, storeObject);
}
