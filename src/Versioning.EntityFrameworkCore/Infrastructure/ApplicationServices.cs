using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

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

    public static T? Get<T>(IServiceProvider? services)
        where T : class
        => services?.GetService(typeof(T)) as T;
}
