using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// The bulk policy of a strategy whose rows a provider can write in the statement itself: when a registered
/// <see cref="IBulkCaptureWriter"/> writes them, the strategy's plan joins the statement's captured plans (and the
/// strategy may add setters of its own); otherwise the statement is refused with the strategy's error, never run
/// unversioned. A type whose rows span several tables (a derived type mapped table per type, entity splitting) is
/// refused too: one statement locks, changes and reads back the rows of one table. A purge's hard delete passes: the strategy handled it through its <see cref="IPurgeParticipant"/>.
/// </summary>
/// <typeparam name="TPlan">The strategy's per-entity-type plan.</typeparam>
internal abstract class CapturingBulkStatementRewriter<TPlan>(IEnumerable<IBulkCaptureWriter> writers) : IBulkStatementRewriter
    where TPlan : class
{
    private readonly IBulkCaptureWriter[] _writers = [.. writers];

    public abstract int Order { get; }

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
    {
        if (statement.IsPurge || plan.Find<TPlan>() is not { } strategyPlan)
        {
            return current;
        }

        var entityType = statement.EntityType.DisplayName();
        var writer = Array.Find(_writers, w => w.Writes(strategyPlan))
            ?? throw new InvalidOperationException(Message(entityType, statement.Name));
        var setProperties = BulkUpdateSetters.IsUpdate(current) && current is MethodCallExpression update
            ? BulkUpdateSetters.SetProperties(update, statement.EntityType)
            : [];
        if (TableSpan.SpansTables(statement.EntityType))
        {
            throw new InvalidOperationException(VersioningStrings.BulkStatementNotCaptured(entityType, statement.Name, VersioningStrings.BulkCaptureOfSplitRows));
        }

        if (writer.Refusal(strategyPlan, setProperties) is { } reason)
        {
            throw new InvalidOperationException(VersioningStrings.BulkStatementNotCaptured(entityType, statement.Name, reason));
        }

        statement.CapturedStrategyPlans.Add(strategyPlan);
        return BulkUpdateSetters.IsUpdate(current) && current is MethodCallExpression executeUpdate
            ? AddSetters(statement, executeUpdate, strategyPlan, change)
            : current;
    }

    /// <summary>The error for <paramref name="statementName"/> on <paramref name="entityType"/> when no writer writes the strategy's rows.</summary>
    protected abstract string Message(string entityType, string statementName);

    /// <summary>Adds what the strategy sets in the rows an update keeps (the next version's start, say).</summary>
    protected virtual MethodCallExpression AddSetters(BulkStatement statement, MethodCallExpression executeUpdate, TPlan plan, ChangeContext change)
        => executeUpdate;
}
