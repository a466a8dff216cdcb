using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Versioning operations on a context.
/// </summary>
public static partial class VersioningDbContextExtensions
{
    /// <summary>
    /// Opens a change scope: the SaveChanges calls made on this context until it is disposed record the given
    /// reason, actor (overriding the <see cref="Versioning.IActorAccessor"/>), correlation id and metadata.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="reason">Why the changes are made.</param>
    /// <param name="actor">Who makes them.</param>
    /// <param name="correlationId">An id shared by everything written in the scope.</param>
    /// <param name="metadata">Free-form metadata.</param>
    /// <returns>The scope; dispose it to close it.</returns>
    /// <exception cref="InvalidOperationException">Versioning is not enabled on the context.</exception>
    public static ChangeScope BeginChangeScope(
        this DbContext context,
        string? reason = null,
        string? actor = null,
        string? correlationId = null,
        IReadOnlyDictionary<string, string?>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = StateOf(context);
        var scope = new ChangeScope(state, state.CurrentScope, reason, actor, correlationId, metadata);
        state.CurrentScope = scope;
        return scope;
    }

    /// <summary>Returns the change scope open on the context, or <see langword="null"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The innermost open scope.</returns>
    public static ChangeScope? CurrentChangeScope(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return StateOf(context).CurrentScope;
    }

    /// <summary>
    /// Makes the context resolve the application services Versioning reads at each save (the
    /// <see cref="Versioning.IActorAccessor"/> and the <see cref="TimeProvider"/>) from <paramref name="scopedServices"/>,
    /// the DI scope of the code that saves, until the context is reset or returned to its pool. Needed for contexts that
    /// EF creates outside any DI scope: those of <c>IDbContextFactory</c> (<c>AddDbContextFactory</c>,
    /// <c>AddPooledDbContextFactory</c>); a context leased through <c>AddDbContextPool</c> is bound to its scope by
    /// <c>AddVersioning()</c> (called after <c>AddDbContextPool</c>). This is EF's "pooled context with scoped state"
    /// pattern: see the README.
    /// </summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="context">The context, just created or leased.</param>
    /// <param name="scopedServices">The services of the caller's DI scope.</param>
    /// <returns>The same context, for chaining.</returns>
    /// <exception cref="InvalidOperationException">Versioning is not enabled on the context.</exception>
    public static TContext UseVersioningServices<TContext>(this TContext context, IServiceProvider scopedServices)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scopedServices);
        StateOf(context).ScopedServices = scopedServices;
        return context;
    }

    private static VersioningContextState StateOf(DbContext context)
        => ((IInfrastructure<IServiceProvider>)context).Instance.GetService(typeof(VersioningContextState)) as VersioningContextState
            ?? throw new InvalidOperationException(VersioningStrings.VersioningNotEnabled(TypeDisplayNames.Of(context.GetType())));
}
