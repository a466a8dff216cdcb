using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Bulk policy of soft delete: <c>ExecuteDelete</c> becomes an <c>ExecuteUpdate</c> of the flags with this
/// execution's time, actor, reason and purge date, of the rows not deleted yet (even under <c>IgnoreQueryFilters</c>), unless the
/// caller asked for <c>ExecuteHardDelete()</c>. <c>ExecuteUpdate</c> on a replace-on-update set keeps the old rows
/// (flagged deleted) and inserts the new records in the statement itself where the provider can (PostgreSQL), of the rows
/// not deleted yet, and is refused elsewhere; one that sets bookkeeping only is written in place, as SaveChanges does.
/// </summary>
internal sealed class SoftDeleteBulkStatementRewriter(IEnumerable<IBulkCaptureWriter> writers) : IBulkStatementRewriter
{
    private readonly IBulkCaptureWriter[] _writers = [.. writers];

    public int Order => SoftDeleteHandler.Position;

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
    {
        if (plan.Find<SoftDeletePlan>() is not { } softDelete)
        {
            return current;
        }

        if (statement.IsUpdate)
        {
            var entityType = statement.EntityType.DisplayName();
            return softDelete.ReplacesId is { } replacesId && current is MethodCallExpression executeUpdate
                ? new RowReplacingBulkUpdate(
                    softDelete.IsDeleted, false, softDelete.IsBookkeeping, [replacesId, .. statement.EntityType.FindPrimaryKey()!.Properties], FiltersInPlace: false).Rewrite(
                    statement,
                    executeUpdate,
                    softDelete,
                    _writers,
                    () => VersioningStrings.BulkUpdateOnReplaceOnUpdate(entityType),
                    property => VersioningStrings.BulkUpdateSetsReplacesId(entityType, property.Name))
                : current;
        }

        if (statement.IsHardDelete || current is not MethodCallExpression executeDelete)
        {
            return current;
        }

        // Field reads of a fresh object become parameters: compiled once, each execution writes its own values.
        var values = SoftDeleteValues.Of(change);
        var fields = Expression.Constant(new BulkSoftDeleteValues(values, softDelete.PurgeAfter));
        var update = BulkUpdateSetters.UpdateInsteadOf(NotDeletedOnly(executeDelete, softDelete));
        update = BulkUpdateSetters.Add(update, softDelete.IsDeleted, Expression.Constant(true));
        update = BulkUpdateSetters.Add(update, softDelete.DeletedAt.Property, Timestamp(fields, softDelete.DeletedAt, nameof(BulkSoftDeleteValues.At)));
        update = BulkUpdateSetters.Add(update, softDelete.DeletedBy, Expression.Field(fields, nameof(BulkSoftDeleteValues.By)));
        update = BulkUpdateSetters.Add(update, softDelete.DeletedReason, Expression.Field(fields, nameof(BulkSoftDeleteValues.Reason)));
        if (softDelete.PurgeAt != null)
        {
            update = BulkUpdateSetters.Add(update, softDelete.PurgeAt.Property, Timestamp(fields, softDelete.PurgeAt, nameof(BulkSoftDeleteValues.PurgeAt)));
        }

        return update;
    }

    /// <summary>
    /// <c>ExecuteDelete(source)</c> over the rows not deleted yet: the query filter already leaves deleted rows out, but
    /// not under <c>IgnoreQueryFilters</c>, and an earlier deletion's time, actor, reason and purge date must stay.
    /// </summary>
    private static MethodCallExpression NotDeletedOnly(MethodCallExpression executeDelete, SoftDeletePlan softDelete)
        => BulkUpdateSetters.IgnoresQueryFilters(executeDelete.Arguments[0]) ? BulkUpdateSetters.Where(executeDelete, softDelete.IsDeleted, false) : executeDelete;

    private static MemberExpression Timestamp(Expression fields, TimestampProperty property, string field)
        => Expression.Field(fields, property.IsDateTimeOffset ? field + "Offset" : field);

    private sealed class BulkSoftDeleteValues(SoftDeleteValues values, TimeSpan? purgeAfter)
    {
        public readonly DateTime At = values.At;
        public readonly DateTimeOffset AtOffset = new(values.At);
        public readonly string? By = values.By;
        public readonly string? Reason = values.Reason;
        public readonly DateTime PurgeAt = values.At + (purgeAfter ?? TimeSpan.Zero);
        public readonly DateTimeOffset PurgeAtOffset = new(values.At + (purgeAfter ?? TimeSpan.Zero));
    }
}
