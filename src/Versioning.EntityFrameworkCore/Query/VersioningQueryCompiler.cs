using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Diagnostics;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// EF's query compiler with one addition: <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> statements on versioned entity
/// types are rewritten (or refused) by the strategies before EF compiles them. Other queries pass straight through.
/// </summary>
/// <remarks>
/// EF Core offers no public hook that sees a query before parameter extraction, which is the only point where an
/// <c>ExecuteUpdate</c> can get setters whose values are fresh on every execution (an <c>IQueryExpressionInterceptor</c>
/// runs once per cached compilation, so it could only bake one timestamp into the cached SQL). Bulk statements must be
/// versioned or refused, never silent, so this class derives from EF's internal <c>QueryCompiler</c> and only adds a
/// rewrite in front of it; its constructor follows EF's (see <c>EFCoreInternals</c>).
/// </remarks>
#pragma warning disable EF1001 // QueryCompiler and its dependencies are internal to EF: see the remarks.
internal sealed class VersioningQueryCompiler : QueryCompiler
{
    private readonly ICurrentDbContext _currentContext;
    private readonly IModel _model;
    private readonly IBulkStatementRewriter[] _rewriters;
    private readonly VersioningLog _log;

    public VersioningQueryCompiler(
        IQueryContextFactory queryContextFactory,
        ICompiledQueryCache compiledQueryCache,
        ICompiledQueryCacheKeyGenerator compiledQueryCacheKeyGenerator,
        IDatabase database,
        IDiagnosticsLogger<DbLoggerCategory.Query> logger,
        ICurrentDbContext currentContext,
        IEvaluatableExpressionFilter evaluatableExpressionFilter,
        IModel model,
        IEnumerable<IBulkStatementRewriter> rewriters,
        VersioningLog log)
        : base(queryContextFactory, compiledQueryCache, compiledQueryCacheKeyGenerator, database, logger, currentContext, evaluatableExpressionFilter, model)
    {
        _log = log;
        _currentContext = currentContext;
        _model = model;
        _rewriters = [.. rewriters.OrderBy(r => r.Order)];
    }

    public override TResult Execute<TResult>(Expression query)
        => base.Execute<TResult>(Rewrite(query));

    public override TResult ExecuteAsync<TResult>(Expression query, CancellationToken cancellationToken = default)
        => base.ExecuteAsync<TResult>(Rewrite(query), cancellationToken);

    // A compiled query is translated once and run many times, so it cannot carry the values of each execution; without
    // these overrides EF.CompileQuery ran bulk statements on versioned types unversioned. (EF's precompiled queries, an
    // experimental NativeAOT feature, are not covered.)
    public override Func<QueryContext, TResult> CreateCompiledQuery<TResult>(Expression query)
        => base.CreateCompiledQuery<TResult>(RewriteCompiled(query));

    public override Func<QueryContext, TResult> CreateCompiledAsyncQuery<TResult>(Expression query)
        => base.CreateCompiledAsyncQuery<TResult>(RewriteCompiled(query));

    private Expression Rewrite(Expression query)
        => BulkStatement.TryParse(query, _model) is { } statement ? Rewrite(statement) : query;

    /// <summary>
    /// The statement of a compiled query: refused as usual by the strategies that refuse bulk statements, and refused
    /// too when a strategy would version it (stamps, soft delete), because that needs the time and actor of each
    /// execution. A statement no strategy changes (on a type without one, say) runs as written.
    /// </summary>
    private Expression RewriteCompiled(Expression query)
    {
        if (BulkStatement.TryParse(query, _model) is not { } statement)
        {
            return query;
        }

        var rewritten = Rewrite(statement);
        return ReferenceEquals(rewritten, statement.Call)
            ? rewritten
            : throw new InvalidOperationException(VersioningStrings.CompiledBulkStatement(statement.EntityType.DisplayName(), statement.Name));
    }

    private Expression Rewrite(BulkStatement statement)
    {
        try
        {
            var rewritten = RewriteOrRefuse(statement);
            if (!ReferenceEquals(rewritten, statement.Call))
            {
                _log.BulkStatementRewritten(statement.Name, statement.EntityType.DisplayName());
            }

            return rewritten;
        }
        catch (InvalidOperationException exception)
        {
            _log.BulkStatementRefused(statement.Name, statement.EntityType.DisplayName(), exception.Message);
            throw;
        }
    }

    private Expression RewriteOrRefuse(BulkStatement statement)
    {
        RefuseReachingOtherStrategies(statement);
        if (VersioningSavePlan.For(_model).Find(statement.EntityType) is not { } plan)
        {
            return statement.Call;
        }

        var context = _currentContext.Context;
        var change = ChangeContext.Resolve(context, context.GetService<VersioningContextState>());
        Expression rewritten = statement.Call;
        foreach (var rewriter in _rewriters)
        {
            rewritten = rewriter.Rewrite(statement, rewritten, plan, change);
        }

        return rewritten;
    }

    /// <summary>
    /// A statement on a type of a hierarchy writes the rows of its derived types too, but can only be versioned as its
    /// own type: a derived type with a strategy the statement's type does not have (an activity-logged <c>Dog</c> under
    /// <c>db.Animals</c>) would be changed without it. Refused, naming the type to run it on instead.
    /// </summary>
    private static void RefuseReachingOtherStrategies(BulkStatement statement)
    {
        var entityType = statement.EntityType;
        foreach (var derived in entityType.GetDerivedTypes())
        {
            foreach (var strategy in VersioningStrategies.All)
            {
                if (strategy.FindUse(derived) is { } use && strategy.FindUse(entityType) == null)
                {
                    throw new InvalidOperationException(
                        VersioningStrings.BulkStatementReachesDerivedStrategy(entityType.DisplayName(), statement.Name, derived.DisplayName(), use.Name));
                }
            }
        }
    }
}
#pragma warning restore EF1001
