using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Bulk policy of temporal history: a statement on a temporal entity type writes the history rows of the old values in
/// the statement itself where the provider can (PostgreSQL), and an update also starts each row's next version (the
/// same values SaveChanges gives it: <c>ValidFrom</c> = the execution's time, or the stored start when the clock is
/// behind it, <c>Version</c> + 1 and <c>ChangedBy</c> = the actor). Elsewhere the statement is refused: it would change rows without history.
/// </summary>
internal sealed class TemporalHistoryBulkStatementRewriter(IEnumerable<IBulkCaptureWriter> writers)
    : CapturingBulkStatementRewriter<TemporalHistoryPlan>(writers)
{
    public override int Order => TemporalHistoryHandler.Position;

    protected override string Message(string entityType, string statementName)
        => VersioningStrings.TemporalBulkStatement(entityType, statementName);

    protected override MethodCallExpression AddSetters(BulkStatement statement, MethodCallExpression executeUpdate, TemporalHistoryPlan plan, ChangeContext change)
    {
        foreach (var period in (ReadOnlySpan<IProperty>)[plan.ValidFrom.Property, plan.Version, plan.ChangedBy])
        {
            if (BulkUpdateSetters.Sets(executeUpdate, period))
            {
                throw new InvalidOperationException(VersioningStrings.BulkUpdateSetsPeriod(statement.EntityType.DisplayName(), period.Name));
            }
        }

        var row = Expression.Parameter(executeUpdate.Method.GetGenericArguments()[0], "row");
        var entity = BulkUpdateSetters.EntityOf(executeUpdate, row, plan.Version);
        var validFrom = EFPropertyExpression.Of(entity, plan.ValidFrom.Property);

        // A field of a fresh object becomes a parameter: compiled once, each execution writes its own time.
        var at = Expression.Constant(new BulkPeriodStart(change.Timestamp, change.ActorId));
        Expression start = Expression.Field(at, plan.ValidFrom.IsDateTimeOffset ? nameof(BulkPeriodStart.AtOffset) : nameof(BulkPeriodStart.At));
        start = Expression.Convert(start, validFrom.Type);
        var next = Expression.Condition(Expression.GreaterThan(validFrom, start), validFrom, start);
        executeUpdate = BulkUpdateSetters.AddComputed(executeUpdate, plan.ValidFrom.Property, Expression.Lambda(next, row));

        var version = EFPropertyExpression.Of(entity, plan.Version);
        var incremented = Expression.Add(version, Expression.Constant(1, version.Type));
        executeUpdate = BulkUpdateSetters.AddComputed(executeUpdate, plan.Version, Expression.Lambda(incremented, row));

        var author = Expression.Field(at, nameof(BulkPeriodStart.By));
        return BulkUpdateSetters.AddComputed(executeUpdate, plan.ChangedBy, Expression.Lambda(author, row));
    }

    private sealed class BulkPeriodStart(DateTime at, string? by)
    {
        public readonly string? By = by;
        public readonly DateTime At = at;
        public readonly DateTimeOffset AtOffset = new(at);
    }
}
