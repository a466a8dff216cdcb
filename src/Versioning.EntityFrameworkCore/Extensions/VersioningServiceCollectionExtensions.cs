using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Update;
using Microsoft.EntityFrameworkCore.Query.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Strategies;

// ReSharper disable once CheckNamespace
namespace Microsoft.Extensions.DependencyInjection;


/// <summary>
/// Registers Versioning services.
/// </summary>
public static class VersioningServiceCollectionExtensions
{
    /// <summary>
    /// Registers the application services Versioning reads at each SaveChanges: the actor accessor and the clock
    /// (<see cref="TimeProvider.System"/> unless the application registered its own). Optional: without it saves
    /// record no actor.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Configures the services, for example <c>v =&gt; v.UseActorAccessor&lt;HttpActorAccessor&gt;()</c>.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddVersioning(this IServiceCollection services, Action<VersioningServicesBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<VersioningServicesAdded>();
        configure?.Invoke(new VersioningServicesBuilder(services));
        if (services.LastOrDefault(d => d.ServiceType == typeof(IActorAccessor)) is { Lifetime: ServiceLifetime.Scoped })
        {
            services.TryAddSingleton<ScopedActorAccessor>();
        }

        BindPooledContextsToTheirScope(services);
        return services;
    }

    // AddDbContextPool registers the context as a scoped service whose factory leases a pooled instance, which EF created
    // from the root provider: the factory is wrapped so that the leased context resolves the actor from the scope that
    // leased it (reset when the context returns to the pool).
    private static void BindPooledContextsToTheirScope(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor is { Lifetime: ServiceLifetime.Scoped, IsKeyedService: false, ImplementationFactory: { } lease }
                && typeof(DbContext).IsAssignableFrom(descriptor.ServiceType)
                && lease.Target is not ScopeBinding)
            {
                services[i] = ServiceDescriptor.Scoped(descriptor.ServiceType, new ScopeBinding(lease).Lease);
            }
        }
    }

    private sealed class ScopeBinding(Func<IServiceProvider, object> lease)
    {
        public object Lease(IServiceProvider scopedServices)
        {
            var context = (DbContext)lease(scopedServices);
            if (((IInfrastructure<IServiceProvider>)context).Instance.GetService(typeof(VersioningContextState)) is VersioningContextState state)
            {
                state.ScopedServices = scopedServices;
            }

            return context;
        }
    }

    /// <summary>
    /// Registers the services Versioning adds to EF Core's internal service provider. <c>UseVersioning()</c> calls
    /// this; call it yourself only when you build EF's internal service provider by hand.
    /// </summary>
    /// <param name="serviceCollection">EF Core's internal services.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddEntityFrameworkVersioning(this IServiceCollection serviceCollection)
    {
        ArgumentNullException.ThrowIfNull(serviceCollection);

        new EntityFrameworkServicesBuilder(serviceCollection)
            .TryAdd<IConventionSetPlugin, VersioningConventionSetPlugin>()

            // EF resets (a pooled context returned, a context reset) only the services it resolves as IResettableService:
            // the context's one VersioningContextState, registered under that type too.
            .TryAdd<IResettableService, VersioningContextState>(p => p.GetRequiredService<VersioningContextState>())
            .TryAddProviderSpecificServices(
                b => b.TryAddScoped<VersioningContextState, VersioningContextState>());

        foreach (var strategy in VersioningStrategies.All)
        {
            strategy.AddServices(serviceCollection);
        }

        // Replace (not TryAdd): the provider may already have registered EF's own compiler.
#pragma warning disable EF1001 // IQueryCompiler is internal to EF: see VersioningQueryCompiler for why no public hook suffices.
        serviceCollection.Replace(ServiceDescriptor.Scoped<IQueryCompiler, VersioningQueryCompiler>());
#pragma warning restore EF1001

        // Replace (not TryAdd): the provider may already have registered EF's own preparer.
        serviceCollection.Replace(ServiceDescriptor.Scoped<ICommandBatchPreparer, VersioningCommandBatchPreparer>());

        // Rows a last batch of EF's save inserts; the PostgreSQL package replaces it with its unnest insert.
        serviceCollection.TryAddSingleton<Versioning.EntityFrameworkCore.Pipeline.Rows.IRowInserter, Versioning.EntityFrameworkCore.Pipeline.Rows.RelationalRowInserter>();

        // Logging and telemetry: scoped like EF's loggers; the instruments live as long as EF's internal provider.
        serviceCollection.TryAddScoped<Versioning.EntityFrameworkCore.Diagnostics.VersioningLog>();
        serviceCollection.TryAddSingleton<Versioning.EntityFrameworkCore.Diagnostics.VersioningInstruments>();

        // EF collects every IInterceptor of its internal provider; a singleton is safe because the interceptor is stateless.
        serviceCollection.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, VersioningSaveChangesInterceptor>());
        return serviceCollection;
    }
}
