using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// The bulk policy of an <c>ExecuteUpdate</c> on a strategy that makes every update a new row (a new revision, a new
/// record), shared by those strategies: an update of bookkeeping only is written in place, as SaveChanges writes it; any
/// other is captured when a registered <see cref="IBulkCaptureWriter"/> writes the new rows with the statement (the
/// statement then reaches only the rows that get one), and refused elsewhere, never run in place. A source that joins
/// other rows is refused: a new row's values come from the row itself and the setters.
/// </summary>
/// <param name="Filter">The column whose value marks the rows an update replaces (the current revisions, the rows not deleted).</param>
/// <param name="FilterValue">That value.</param>
/// <param name="IsBookkeeping">Whether an update of a property is written in place.</param>
/// <param name="Maintained">The properties the strategy alone writes (an update may not set them).</param>
/// <param name="FiltersInPlace">
/// Whether an update of bookkeeping only is restricted by <paramref name="Filter"/> too (the audit trail never writes a
/// past revision; replace-on-update writes deleted rows in place, a restore among them).
/// </param>
internal sealed record RowReplacingBulkUpdate(
    IProperty Filter, bool FilterValue, Func<IProperty, bool> IsBookkeeping, IReadOnlyCollection<IProperty> Maintained, bool FiltersInPlace)
{
    /// <summary>
    /// Rewrites <paramref name="executeUpdate"/> for the strategy whose plan is <paramref name="strategyPlan"/>, or refuses
    /// it: with <paramref name="refusal"/> when no writer writes the new rows, with <paramref name="setsMaintained"/> for a
    /// setter of a property the strategy maintains.
    /// </summary>
    public MethodCallExpression Rewrite(
        BulkStatement statement,
        MethodCallExpression executeUpdate,
        object strategyPlan,
        IReadOnlyList<IBulkCaptureWriter> writers,
        Func<string> refusal,
        Func<IProperty, string> setsMaintained)
    {
        var setProperties = BulkUpdateSetters.SetProperties(executeUpdate, statement.EntityType);
        if (setProperties != null && setProperties.All(p => IsBookkeeping(p) && !Maintained.Contains(p)))
        {
            return FiltersInPlace ? BulkUpdateSetters.Where(executeUpdate, Filter, FilterValue) : executeUpdate;
        }

        var writer = writers.FirstOrDefault(w => w.Writes(strategyPlan)) ?? throw new InvalidOperationException(refusal());

        // A source that projects other rows beside the entity (a join): the new rows' values would come from them.
        if (executeUpdate.Method.GetGenericArguments()[0] != statement.EntityType.ClrType)
        {
            throw new InvalidOperationException(VersioningStrings.BulkReplacementReadsOtherTables(statement.EntityType.DisplayName()));
        }
        if (setProperties?.FirstOrDefault(Maintained.Contains) is { } maintained)
        {
            throw new InvalidOperationException(setsMaintained(maintained));
        }

        if (writer.Refusal(strategyPlan, setProperties) is { } reason)
        {
            throw new InvalidOperationException(
                VersioningStrings.BulkStatementNotCaptured(statement.EntityType.DisplayName(), statement.Name, reason));
        }

        statement.CapturedStrategyPlans.Add(strategyPlan);
        return BulkUpdateSetters.Where(executeUpdate, Filter, FilterValue);
    }
}
