using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>
/// Contexts for a behaviour spec: each opened in a DI scope of its own (disposed with the spec) with the actor it is
/// given, the spec's clock, and the tables of its model created once per store.
/// </summary>
public sealed class SpecContexts(TestStore store, FakeTimeProvider clock, Action<IServiceCollection, Action<DbContextOptionsBuilder>> registerContexts)
    : IDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly List<AsyncServiceScope> _scopes = [];

    /// <summary>A context of type <typeparamref name="TContext"/> whose actor is <paramref name="actor"/>.</summary>
    public async Task<TContext> OpenAsync<TContext>(string? actor = null, Action<DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
    {
        var scope = (configure == null && _providers.Count > 0 ? _providers[0] : Build(configure)).CreateAsyncScope();
        _scopes.Add(scope);
        scope.ServiceProvider.GetRequiredService<TestActor>().ActorId = actor;
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await store.EnsureTablesAsync(db);
        return db;
    }

    public void Dispose()
    {
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }

        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }

    private ServiceProvider Build(Action<DbContextOptionsBuilder>? configure)
    {
        var services = new ServiceCollection();
        registerContexts(services, o =>
        {
            store.UseProvider(o);
            configure?.Invoke(o);
        });
        var provider = services
            .AddScoped<TestActor>()
            .AddVersioning(v => v.UseActorAccessor(sp => sp.GetRequiredService<TestActor>()).UseTimeProvider(clock))
            .BuildServiceProvider(validateScopes: true);
        _providers.Add(provider);
        return provider;
    }
}
