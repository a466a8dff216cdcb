using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// The provider's parameter-based SQL processor, with one change: a query whose only uncacheable part is a temporal
/// query root keeps its SQL in EF's command cache.
/// </summary>
/// <remarks>
/// A temporal query starts from EF's FromSql root over SQL that <see cref="TemporalQuerySql"/> built (recognised by that
/// instance, never by its text), and EF never caches the SQL of a
/// FromSql query whose arguments are parameters: in general the arguments' types, hence their type mappings, may
/// change from one execution to the next. It then regenerates the whole SQL on every execution, which measured about
/// 20 us and 10 KB more than a key lookup per as-of query (the target: an as-of lookup within 1.3x a key lookup). A
/// temporal root's arguments are always its period times, of the ValidFrom property's CLR type, so the SQL EF
/// generates for them is the same on every execution. This processor asks the provider's processor a second time,
/// with the temporal roots' arguments taken out, whether the rest of the query may be cached.
/// </remarks>
internal sealed class TemporalQuerySqlProcessor(
    RelationalParameterBasedSqlProcessorDependencies dependencies,
    RelationalParameterBasedSqlProcessorParameters parameters,
    RelationalParameterBasedSqlProcessor inner,
    IModel model)
    : RelationalParameterBasedSqlProcessor(dependencies, parameters)
{
    // EF1001: the overload EF's command cache calls (it reports whether the SQL may be cached) is marked internal to EF.
    // Overriding it is the only way to let EF cache the SQL of a temporal query (see the remarks); the wrapper adds no SQL
    // of its own and delegates every call to the provider's processor. Listed in EFCoreInternals.
#pragma warning disable EF1001
    public override Expression Process(Expression queryExpression, Dictionary<string, object?> parameters, out bool canCache)
    {
        var processed = inner.Process(queryExpression, parameters, out canCache);
        if (!canCache && TemporalRootArguments.Remove(queryExpression, model) is { } withoutTemporalArguments)
        {
            // Only the answer matters: the SQL of the first call is the one EF runs and caches. A copy of the values, because
            // processing may add to them (EF expands collection parameters into new ones).
            inner.Process(withoutTemporalArguments, new Dictionary<string, object?>(parameters), out canCache);
        }

        return processed;
    }
#pragma warning restore EF1001

    public override Expression Process(Expression queryExpression, ParametersCacheDecorator parametersDecorator)
        => inner.Process(queryExpression, parametersDecorator);

    /// <summary>Replaces the parameter arguments of temporal FromSql roots by no arguments.</summary>
    private sealed class TemporalRootArguments(IModel model) : ExpressionVisitor
    {
        private static readonly Expression NoArguments = Expression.Constant(Array.Empty<object>());

        private bool _found;

        /// <summary>The query without its temporal roots' arguments, or null when it has no temporal root.</summary>
        public static Expression? Remove(Expression queryExpression, IModel model)
        {
            var visitor = new TemporalRootArguments(model);
            var result = visitor.Visit(queryExpression);
            return visitor._found ? result : null;
        }

        protected override Expression VisitExtension(Expression node)
        {
            if (node is FromSqlExpression { Arguments: not ConstantExpression } fromSql && TemporalQuerySql.IsTemporal(model, fromSql.Sql))
            {
                _found = true;
                return fromSql.Update(NoArguments);
            }

            return base.VisitExtension(node);
        }
    }
}
