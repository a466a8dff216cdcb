using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Diagnostics;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// Decides who makes a save: the change scope's actor, else the application's <see cref="IActorAccessor"/>
/// (resolved from its scoped services at this save), else nobody — or a clear error when an actor is required.
/// </summary>
internal static class ActorResolver
{
    public static string? Resolve(DbContext context, ChangeScope? scope, IServiceProvider? applicationServices, bool required)
    {
        if (scope?.ActorId is { } scopeActor)
        {
            return scopeActor;
        }

        var accessor = ApplicationServices.Get<IActorAccessor>(applicationServices);
        var actor = accessor?.ActorId;
        if (actor == null && required)
        {
            var why = applicationServices == null
                ? VersioningStrings.NoApplicationServiceProvider
                : accessor == null
                    ? VersioningStrings.NoActorAccessorRegistered
                    : VersioningStrings.ActorAccessorReturnedNull(TypeDisplayNames.Of(accessor.GetType()));
            throw new InvalidOperationException(VersioningStrings.ActorRequired(TypeDisplayNames.Of(context.GetType()), why));
        }

        if (actor == null)
        {
            context.GetService<VersioningLog>().SaveWithoutActor(TypeDisplayNames.Of(context.GetType()));
        }

        return actor;
    }
}
