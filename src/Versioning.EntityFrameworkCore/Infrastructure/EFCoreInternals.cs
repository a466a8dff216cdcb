using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Infrastructure;

/// <summary>
/// The calls this package makes into EF Core's internal API (EF1001: "may be changed or removed without notice in any
/// release"), so that they are in one place. The package also derives from three internal types, each suppressing EF1001
/// only around its declaration: <c>VersioningQueryCompiler</c> (EF's <c>QueryCompiler</c>, registered as
/// <c>IQueryCompiler</c>), <c>VersioningCommandBatchPreparer</c> (EF's <c>CommandBatchPreparer</c>, registered as the
/// public <c>ICommandBatchPreparer</c>: it adds a last batch to a save) and <c>TemporalQuerySqlProcessor</c> (the
/// internal overload of <c>RelationalParameterBasedSqlProcessor.Process</c>); <c>VersioningQueryCompiler</c> also overrides
/// <c>QueryCompiler.CompileQueryCore</c>, where the strategies' query checks run. The package references EF Core within one minor line
/// (<c>[10.0.x, 11.0.0)</c>), and <c>InternalsCanaryTest</c> fails with the member's name when a release changes
/// one of them.
/// </summary>
internal static class EFCoreInternals
{
    /// <summary>
    /// Marks an entry saved the way EF does after its own command ran: the current values of
    /// <paramref name="columns"/> become the original values, and the entry becomes unchanged.
    /// </summary>
    /// <returns>The original values <paramref name="columns"/> had, to put back if the save fails.</returns>
    /// <remarks>
    /// Setting the state to Unchanged instead is EF's reject-changes path: it copies every original value back over the
    /// current one, which was most of a 1,000-row set-based update's time in a profile.
    /// </remarks>
    public static object?[] AcceptChanges(EntityEntry entry, IReadOnlyList<IProperty> columns)
    {
#pragma warning disable EF1001 // InternalEntityEntry.GetOriginalValue and AcceptChanges: EF's own acceptance (see remarks).
        var internalEntry = entry.GetInfrastructure();
        var originals = new object?[columns.Count];
        for (var i = 0; i < originals.Length; i++)
        {
            originals[i] = internalEntry.GetOriginalValue(columns[i]);
        }

        internalEntry.AcceptChanges();
#pragma warning restore EF1001
        return originals;
    }

    /// <summary>
    /// The entity type and SQL of a <c>FromSql</c> query root (EF's <c>FromSqlQueryRootExpression</c>, internal), or
    /// <see langword="null"/> for any other expression: how a temporal query is recognized before EF translates it.
    /// </summary>
    public static (IEntityType EntityType, string Sql)? FromSqlRoot(System.Linq.Expressions.Expression expression)
#pragma warning disable EF1001 // FromSqlQueryRootExpression: the root FromSqlRaw creates, read as it is.
        => expression is Microsoft.EntityFrameworkCore.Query.Internal.FromSqlQueryRootExpression root ? (root.EntityType, root.Sql) : null;
#pragma warning restore EF1001

    /// <summary>
    /// A <c>FromSql</c> query root of <paramref name="entityType"/> over <paramref name="sql"/> with the arguments (and
    /// query provider) of <paramref name="source"/>, itself a <c>FromSql</c> root: a temporal root of a related entity
    /// type, taken as of the same time.
    /// </summary>
    public static Microsoft.EntityFrameworkCore.Query.EntityQueryRootExpression FromSqlRootLike(
        Microsoft.EntityFrameworkCore.Query.EntityQueryRootExpression source, IEntityType entityType, string sql)
    {
#pragma warning disable EF1001 // FromSqlQueryRootExpression, built as FromSqlRaw builds it (see FromSqlRoot).
        var root = (Microsoft.EntityFrameworkCore.Query.Internal.FromSqlQueryRootExpression)source;
        return root.QueryProvider != null
            ? new Microsoft.EntityFrameworkCore.Query.Internal.FromSqlQueryRootExpression(root.QueryProvider, entityType, sql, root.Argument)
            : new Microsoft.EntityFrameworkCore.Query.Internal.FromSqlQueryRootExpression(entityType, sql, root.Argument);
#pragma warning restore EF1001
    }
}
