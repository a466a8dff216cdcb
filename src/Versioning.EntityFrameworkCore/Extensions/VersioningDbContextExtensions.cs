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

    /// <summary>
    /// Returns the fields whose values differ between two versions of an entity: two audit revisions, a version read
    /// with <c>TemporalAsOf</c> and the current one, or any two instances of the entity type. Compared are its properties
    /// and those of its complex properties, without the key, Versioning's bookkeeping, <c>[NotVersioned]</c> and shadow
    /// properties; a <c>[Redacted]</c> property's change is reported with the mask instead of its values.
    /// </summary>
    /// <typeparam name="TEntity">An entity type of the context's model.</typeparam>
    /// <param name="context">The context.</param>
    /// <param name="older">The older version.</param>
    /// <param name="newer">The newer version.</param>
    /// <returns>The changed fields, in the order of the model; empty when the versions hold the same values.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="TEntity"/> is not an entity type of the model.</exception>
    public static IReadOnlyList<FieldChange> Diff<TEntity>(this DbContext context, TEntity older, TEntity newer)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var entityType = context.Model.FindEntityType(older.GetType())
            ?? throw new InvalidOperationException(VersioningStrings.NotAnEntityType(TypeDisplayNames.Of(older.GetType())));
        return Versioning.EntityFrameworkCore.Metadata.EntityDiff.For(entityType).Compare(older, newer);
    }

    private static VersioningContextState StateOf(DbContext context)
        => ((IInfrastructure<IServiceProvider>)context).Instance.GetService(typeof(VersioningContextState)) as VersioningContextState
            ?? throw new InvalidOperationException(VersioningStrings.VersioningNotEnabled(TypeDisplayNames.Of(context.GetType())));
}
