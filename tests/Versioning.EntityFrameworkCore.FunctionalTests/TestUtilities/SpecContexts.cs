using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.Infrastructure;

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

    /// <summary>
    /// A context of type <typeparamref name="TContext"/> whose actor is <paramref name="actor"/>, in a DI scope disposed
    /// with the test. Extra options or Versioning options get services of their own.
    /// </summary>
    public async Task<TContext> OpenAsync<TContext>(
        string? actor = null, Action<DbContextOptionsBuilder>? configure = null, Action<VersioningOptionsBuilder>? versioning = null)
        where TContext : DbContext
    {
        var shared = configure == null && versioning == null && _providers.Count > 0;
        var scope = (shared ? _providers[0] : BuildServices(configure, versioning)).CreateAsyncScope();
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

    /// <summary>Application services with the contexts registered, disposed with the test (for tests that manage scopes).</summary>
    public ServiceProvider BuildServices(Action<DbContextOptionsBuilder>? configure = null, Action<VersioningOptionsBuilder>? versioning = null)
    {
        var services = new ServiceCollection();
        registerContexts(services, o =>
        {
            store.UseProvider(o, versioning);
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
