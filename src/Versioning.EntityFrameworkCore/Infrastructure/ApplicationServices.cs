using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Infrastructure;

/// <summary>
/// Finds the application's service provider of a context: the one AddDbContext passed in, which is the request's
/// scoped provider with the default (scoped) options lifetime. This is how the actor is resolved per unit of work
/// without any static state.
/// </summary>
internal static class ApplicationServices
{
    public static IServiceProvider? Of(DbContext context)
        => context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;

    /// <summary>
    /// The application's service provider of a context no DI scope was bound to
    /// (<c>UseVersioningServices</c>): refused when it is the root provider while the actor accessor is scoped, or
    /// registered without <c>AddVersioning()</c> (its lifetime unknown), because the accessor resolved there is not the one
    /// of the code that saves (a silently wrong or missing actor).
    /// </summary>
    public static IServiceProvider? OfUnbound(DbContext context)
    {
        var services = Of(context);

        if (services != null && IsRoot(services))
        {
            if (services.GetService(typeof(ScopedActorAccessor)) != null)
            {
                throw new InvalidOperationException(VersioningStrings.ActorAccessorOutsideScope(TypeDisplayNames.Of(context.GetType())));
            }

            // Without AddVersioning nothing says whether the accessor may be resolved here: a scoped one resolved from
            // the root provider is not the caller's (or fails, with scope validation on).
            if (services.GetService(typeof(VersioningServicesAdded)) == null
                && services.GetService(typeof(IServiceProviderIsService)) is IServiceProviderIsService isService
                && isService.IsService(typeof(IActorAccessor)))
            {
                throw new InvalidOperationException(VersioningStrings.ActorAccessorWithoutAddVersioning(TypeDisplayNames.Of(context.GetType())));
            }
        }

        return services;
    }

    // Microsoft's container: the root is the ServiceProvider itself or its root scope (what a singleton gets as its
    // IServiceProvider), which is also every scope's IServiceScopeFactory; a child scope is not.
    private static bool IsRoot(IServiceProvider services)
        => services is ServiceProvider || ReferenceEquals(services.GetService(typeof(IServiceScopeFactory)), services);

    public static T? Get<T>(IServiceProvider? services)
        where T : class
        => services?.GetService(typeof(T)) as T;
}
