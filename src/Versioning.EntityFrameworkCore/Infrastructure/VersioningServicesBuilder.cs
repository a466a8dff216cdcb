using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Versioning.EntityFrameworkCore.Infrastructure;

/// <summary>
/// Configures the application services of Versioning, passed to <c>services.AddVersioning(v =&gt; ...)</c>.
/// </summary>
public sealed class VersioningServicesBuilder
{
    internal VersioningServicesBuilder(IServiceCollection services)
        => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Resolves the actor of each SaveChanges with <typeparamref name="TAccessor"/>, registered as a scoped service
    /// so that it can depend on request-scoped services (the current user). Replaces an earlier registration.
    /// </summary>
    /// <typeparam name="TAccessor">The accessor type.</typeparam>
    /// <returns>The same builder, for chaining.</returns>
    public VersioningServicesBuilder UseActorAccessor<TAccessor>()
        where TAccessor : class, IActorAccessor
        => ReplaceScoped<IActorAccessor, TAccessor>();

    /// <summary>Resolves the actor of each SaveChanges with the accessor the factory returns (scoped).</summary>
    /// <param name="factory">Creates the accessor from the scope's services.</param>
    /// <returns>The same builder, for chaining.</returns>
    public VersioningServicesBuilder UseActorAccessor(Func<IServiceProvider, IActorAccessor> factory)
        => ReplaceScoped(factory);

    /// <summary>
    /// Resolves the tenant of each SaveChanges and bulk statement with <typeparamref name="TAccessor"/>, registered as a
    /// scoped service (it can depend on the current request). Replaces an earlier registration.
    /// </summary>
    /// <typeparam name="TAccessor">The accessor type.</typeparam>
    /// <returns>The same builder, for chaining.</returns>
    public VersioningServicesBuilder UseTenantAccessor<TAccessor>()
        where TAccessor : class, ITenantAccessor
        => ReplaceScoped<ITenantAccessor, TAccessor>();

    /// <summary>Resolves the tenant of each SaveChanges and bulk statement with the accessor the factory returns (scoped).</summary>
    /// <param name="factory">Creates the accessor from the scope's services.</param>
    /// <returns>The same builder, for chaining.</returns>
    public VersioningServicesBuilder UseTenantAccessor(Func<IServiceProvider, ITenantAccessor> factory)
        => ReplaceScoped(factory);

    /// <summary>Uses <paramref name="timeProvider"/> as the clock of every save (tests use a fake one).</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The same builder, for chaining.</returns>
    public VersioningServicesBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Services.Replace(ServiceDescriptor.Singleton(timeProvider));
        return this;
    }

    // The accessors are scoped (they read the current request), and a later registration replaces an earlier one.
    private VersioningServicesBuilder ReplaceScoped<TService, TImplementation>()
        where TService : class
        where TImplementation : class, TService
    {
        Services.Replace(ServiceDescriptor.Scoped<TService, TImplementation>());
        return this;
    }

    private VersioningServicesBuilder ReplaceScoped<TService>(Func<IServiceProvider, TService> factory)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Scoped(factory));
        return this;
    }
}
