using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeStamps;

/// <summary>
/// Adds <c>UpdatedAt</c>/<c>UpdatedBy</c> setters to an <c>ExecuteUpdate</c> on a stamped entity type, with the
/// values of this execution. The values sit in fields of a fresh object, so EF turns them into parameters: the
/// statement is compiled once and each execution writes its own time and actor. A setter the caller wrote for a
/// stamp wins (backfills).
/// </summary>
internal sealed class ChangeStampsBulkUpdateRewriter : IBulkStatementRewriter
{
    public int Order => ChangeStampsHandler.Position;

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
    {
        if (!statement.IsUpdate || plan.Find<ChangeStampsPlan>() is not { } stamps || current is not MethodCallExpression executeUpdate)
        {
            return current;
        }

        foreach (var created in (ReadOnlySpan<IProperty>)[stamps.CreatedAt.Property, stamps.CreatedBy])
        {
            if (BulkUpdateSetters.Sets(executeUpdate, created))
            {
                throw new InvalidOperationException(
                    VersioningStrings.BulkUpdateSetsCreatedStamp(statement.EntityType.DisplayName(), created.Name));
            }
        }

        var values = Expression.Constant(new BulkStampValues(change.Timestamp, change.ActorId));
        if (!BulkUpdateSetters.Sets(executeUpdate, stamps.UpdatedAt.Property))
        {
            var field = stamps.UpdatedAt.IsDateTimeOffset ? nameof(BulkStampValues.AtOffset) : nameof(BulkStampValues.At);
            executeUpdate = BulkUpdateSetters.Add(executeUpdate, stamps.UpdatedAt.Property, Expression.Field(values, field));
        }

        if (!BulkUpdateSetters.Sets(executeUpdate, stamps.UpdatedBy))
        {
            executeUpdate = BulkUpdateSetters.Add(executeUpdate, stamps.UpdatedBy, Expression.Field(values, nameof(BulkStampValues.By)));
        }

        return executeUpdate;
    }

    private sealed class BulkStampValues(DateTime at, string? by)
    {
        public readonly DateTime At = at;
        public readonly DateTimeOffset AtOffset = new(at);
        public readonly string? By = by;
    }
}
