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
/// EF's query compiler with two additions: <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> statements on versioned entity
/// types are rewritten (or refused) by the strategies before EF compiles them, and the strategies' <see cref="IQueryCheck"/>s
/// see each query EF compiles (not the cached ones). Other queries pass straight through.
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
    private readonly IQueryCheck[] _checks;
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
        IEnumerable<IQueryCheck> checks,
        VersioningLog log)
        : base(queryContextFactory, compiledQueryCache, compiledQueryCacheKeyGenerator, database, logger, currentContext, evaluatableExpressionFilter, model)
    {
        _log = log;
        _currentContext = currentContext;
        _model = model;
        _rewriters = [.. rewriters.OrderBy(r => r.Order)];
        _checks = [.. checks];
    }

    /// <summary>Runs the strategies' checks on a query EF compiles (a cache miss), then compiles it.</summary>
    public override Func<QueryContext, TResult> CompileQueryCore<TResult>(IDatabase database, Expression query, IModel model, bool async)
    {
        foreach (var check in _checks)
        {
            check.Check(query, model);
        }

        return base.CompileQueryCore<TResult>(database, query, model, async);
    }

    public override TResult Execute<TResult>(Expression query)
    {
        var rewritten = Rewrite(query, out var state);
        if (state == null)
        {
            return base.Execute<TResult>(rewritten);
        }

        try
        {
            return base.Execute<TResult>(rewritten);
        }
        finally
        {
            Forget(state);
        }
    }

    public override TResult ExecuteAsync<TResult>(Expression query, CancellationToken cancellationToken = default)
    {
        var rewritten = Rewrite(query, out var state);
        if (state == null)
        {
            return base.ExecuteAsync<TResult>(rewritten, cancellationToken);
        }

        try
        {
            // ExecuteUpdateAsync/ExecuteDeleteAsync return Task<int>: the capture is forgotten when the statement ends.
            var result = base.ExecuteAsync<TResult>(rewritten, cancellationToken);
            return result is Task<int> task ? (TResult)(object)ForgetCaptureAfter(task, state) : result;
        }
        catch
        {
            Forget(state);
            throw;
        }
    }

    /// <summary>
    /// The context's state while a bulk statement whose rows are captured runs (the provider's interceptor reads its
    /// <see cref="VersioningContextState.PendingBulkCapture"/> for each attempt of the command, a retry included).
    /// </summary>
    private VersioningContextState? CapturingState()
        => _currentContext.Context.GetService<VersioningContextState>() is var state
            && (state.PendingBulkCapture != null || state.PurgeStatementPending)
                ? state
                : null;

    private static async Task<int> ForgetCaptureAfter(Task<int> statement, VersioningContextState state)
    {
        try
        {
            return await statement.ConfigureAwait(false);
        }
        finally
        {
            Forget(state);
        }
    }

    private static void Forget(VersioningContextState state)
    {
        state.PendingBulkCapture = null;
        state.PurgeStatementPending = false;
    }

    // A compiled query is translated once and run many times, so it cannot carry the values of each execution; without
    // these overrides EF.CompileQuery ran bulk statements on versioned types unversioned. (EF's precompiled queries, an
    // experimental NativeAOT feature, are not covered.)
    public override Func<QueryContext, TResult> CreateCompiledQuery<TResult>(Expression query)
        => base.CreateCompiledQuery<TResult>(RewriteCompiled(query));

    public override Func<QueryContext, TResult> CreateCompiledAsyncQuery<TResult>(Expression query)
        => base.CreateCompiledAsyncQuery<TResult>(RewriteCompiled(query));

    /// <summary>
    /// Rewrites a bulk statement (other queries pass untouched, at the cost of one type test); <paramref name="capturing"/>
    /// is the context's state when the statement's execution must be remembered until it ends.
    /// </summary>
    private Expression Rewrite(Expression query, out VersioningContextState? capturing)
    {
        capturing = null;
        if (BulkStatement.TryParse(query, _model) is not { } statement)
        {
            return query;
        }

        var rewritten = Rewrite(statement);
        capturing = CapturingState();
        return rewritten;
    }

    /// <summary>
    /// The statement of a compiled query: refused as usual by the strategies that refuse bulk statements, and refused
    /// too when a strategy would version it (stamps, soft delete, history written with the statement), because that needs the time and actor of each
    /// execution. A statement no strategy changes (on a type without one, say) runs as written.
    /// </summary>
    private Expression RewriteCompiled(Expression query)
    {
        if (BulkStatement.TryParse(query, _model) is not { } statement)
        {
            return query;
        }

        var rewritten = Rewrite(statement);
        if (ReferenceEquals(rewritten, statement.Call) && statement.CapturedStrategyPlans.Count == 0)
        {
            Forget(_currentContext.Context.GetService<VersioningContextState>());
            return rewritten;
        }

        Forget(_currentContext.Context.GetService<VersioningContextState>());
        throw new InvalidOperationException(VersioningStrings.CompiledBulkStatement(statement.EntityType.DisplayName(), statement.Name));
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
        var state = context.GetService<VersioningContextState>();
        state.PendingBulkCapture = null;
        state.PurgeStatementPending = statement.IsPurge;
        var change = ChangeContext.Resolve(context, state);
        Expression rewritten = statement.Call;
        foreach (var rewriter in _rewriters)
        {
            rewritten = rewriter.Rewrite(statement, rewritten, plan, change);
        }

        return statement.CapturedStrategyPlans.Count == 0 || rewritten is not MethodCallExpression call
            ? rewritten
            : Capture(statement, call, change, state);
    }

    /// <summary>
    /// A statement some strategies' rows are written with: kept with what the rows need in the context's state until it
    /// has run, so that the provider's command interceptor turns its command into one that also writes them.
    /// </summary>
    private static MethodCallExpression Capture(BulkStatement statement, MethodCallExpression call, ChangeContext change, VersioningContextState state)
    {
        var setProperties = BulkUpdateSetters.IsUpdate(call) ? BulkUpdateSetters.SetProperties(call, statement.EntityType) ?? [] : [];
        state.PendingBulkCapture = new BulkCapture(
            statement.EntityType,
            !statement.IsUpdate,
            change,
            change.Scope?.CorrelationId ?? Guid.CreateVersion7().ToString(),
            [.. statement.CapturedStrategyPlans],
            setProperties);
        return call;
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
