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

    private static VersioningContextState StateOf(DbContext context)
        => ((IInfrastructure<IServiceProvider>)context).Instance.GetService(typeof(VersioningContextState)) as VersioningContextState
            ?? throw new InvalidOperationException(VersioningStrings.VersioningNotEnabled(TypeDisplayNames.Of(context.GetType())));
}
