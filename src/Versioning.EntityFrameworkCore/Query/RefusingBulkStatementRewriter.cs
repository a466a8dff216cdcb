using System.Linq.Expressions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// The bulk policy of a strategy that cannot version a set-based statement yet: <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>
/// on its entity types throw a clear error naming the entity and the strategy (never silently unversioned).
/// The trigger-based capture issue may version these statements later. A purge's hard delete passes: the strategy
/// handled it through its <see cref="IPurgeParticipant"/>.
/// </summary>
internal abstract class RefusingBulkStatementRewriter : IBulkStatementRewriter
{
    public abstract int Order { get; }

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
        => Applies(plan) && !statement.IsPurge
            ? throw new InvalidOperationException(Message(statement.EntityType.DisplayName(), statement.Name))
            : current;

    /// <summary>Whether the strategy is on for the statement's entity type.</summary>
    protected abstract bool Applies(EntitySavePlan plan);

    /// <summary>The error for <paramref name="statementName"/> on <paramref name="entityType"/>.</summary>
    protected abstract string Message(string entityType, string statementName);
}
