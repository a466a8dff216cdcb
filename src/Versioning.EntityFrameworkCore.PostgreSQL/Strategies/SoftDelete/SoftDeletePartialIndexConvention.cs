using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.SoftDelete;

/// <summary>
/// On PostgreSQL, makes every unique index of a soft-deletable entity type partial, <c>WHERE NOT "is_deleted"</c>, so
/// that a deleted row (a deleted email, the old row of a replacement) does not block an active one with the same
/// values while two active duplicates are still rejected; an application's own filter is kept and combined. Adds an
/// index on <c>PurgeAt</c> (partial, <c>WHERE "purge_at" IS NOT NULL</c>) so that purging does not scan the table.
/// Runs when the model is finalized, so it sees the final column names (after a naming convention such as snake_case)
/// and every index, and delimits them as the provider does.
/// </summary>
internal sealed class SoftDeletePartialIndexConvention : IModelFinalizingConvention
{
    private readonly IndexFilterSql _sql;

    /// <summary>Creates the convention.</summary>
    /// <param name="sqlGenerationHelper">The provider's SQL helper, used to delimit column names.</param>
    public SoftDeletePartialIndexConvention(ISqlGenerationHelper sqlGenerationHelper) => _sql = new IndexFilterSql(sqlGenerationHelper);

    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            if (!entityType.IsSoftDeletable() || entityType.GetTableName() is not { } table)
            {
                continue;
            }

            var storeObject = StoreObjectIdentifier.Table(table, entityType.GetSchema());
            var notDeleted = "NOT " + Column(entityType, SoftDeletePropertyNames.IsDeleted, storeObject);
            foreach (var index in entityType.GetDeclaredIndexes().Where(i => i.IsUnique).ToList())
            {
                IndexFilterSql.AddCondition(index, notDeleted);
            }

            if (entityType.BaseType == null && entityType.FindProperty(SoftDeletePropertyNames.PurgeAt) is { } purgeAt)
            {
                entityType.Builder.HasIndex([purgeAt])?.HasFilter(Column(entityType, SoftDeletePropertyNames.PurgeAt, storeObject) + " IS NOT NULL");
            }
        }
    }

    private string Column(IConventionEntityType entityType, string propertyName, StoreObjectIdentifier storeObject)
        => _sql.Column(entityType.FindProperty(propertyName)!, storeObject);
}
