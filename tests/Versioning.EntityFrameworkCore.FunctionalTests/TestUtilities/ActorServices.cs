using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>
/// Application services whose actor is set per DI scope (<see cref="TestActor"/>) and whose tenant follows the actor
/// (<see cref="TestTenant"/>), as a web application's request scopes have them.
/// </summary>
public static class ActorServices
{
    /// <summary>The contexts <paramref name="contexts"/> registers, with Versioning and the scoped actor and tenant.</summary>
    public static ServiceProvider Build(Action<IServiceCollection> contexts)
    {
        var services = new ServiceCollection();
        contexts(services);
        return services
            .AddScoped<TestActor>()
            .AddVersioning(v => v.UseActorAccessor(sp => sp.GetRequiredService<TestActor>())
                .UseTenantAccessor(sp => new TestTenant(sp.GetRequiredService<TestActor>())))
            .BuildServiceProvider(validateScopes: true);
    }

    /// <summary>A scope whose actor is <paramref name="actor"/>.</summary>
    public static AsyncServiceScope CreateScope(this ServiceProvider services, string? actor)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestActor>().ActorId = actor;
        return scope;
    }
}
