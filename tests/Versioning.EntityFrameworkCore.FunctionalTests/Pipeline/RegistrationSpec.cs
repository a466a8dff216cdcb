using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;
using static Versioning.EntityFrameworkCore.FunctionalTests.Pipeline.SaveAcceptanceSpec;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Pipeline;

/// <summary>
/// Registration mistakes never record a silent <see langword="null"/> actor: an <see cref="IActorAccessor"/> registered
/// without <c>AddVersioning()</c> is still used where it can be, a context that cannot reach the caller's scope is
/// refused, and <c>RequireActor()</c> without any accessor fails the save. Written once, run on every provider.
/// </summary>
public abstract class RegistrationSpec(TestStore store)
{
    [Fact]
    public async Task An_actor_accessor_registered_without_AddVersioning_records_the_actor()
    {
        var services = new ServiceCollection()
            .AddScoped<IActorAccessor>(_ => new FixedActor("ann"))
            .AddDbContext<NotesDb>(o => store.UseProvider(o));
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotesDb>();
        await store.EnsureTablesAsync(db);
        var note = new StampedNote { Name = Guid.NewGuid().ToString("N") };
        db.Add(note);

        await db.SaveChangesAsync();

        await using var check = scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var stored = check.ServiceProvider.GetRequiredService<NotesDb>();
        (await stored.StampedNotes.Where(n => n.Id == note.Id).Select(n => EF.Property<string>(n, "CreatedBy")).SingleAsync()).Should().Be("ann");
    }

    [Fact]
    public async Task A_pooled_context_without_AddVersioning_is_refused_rather_than_saving_without_its_scoped_actor()
    {
        var services = new ServiceCollection()
            .AddScoped<IActorAccessor>(_ => new FixedActor("ann"))
            .AddDbContextPool<NotesDb>(o => store.UseProvider(o));

        // Without scope validation (the default outside Development) the root provider would hand out a root-level
        // accessor, not the caller's: the save must be refused before anything resolves it.
        await using var provider = services.BuildServiceProvider(validateScopes: false);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotesDb>();
        await store.EnsureTablesAsync(db);
        db.Add(new StampedNote { Name = Guid.NewGuid().ToString("N") });

        var save = () => db.SaveChangesAsync();

        (await save.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*AddVersioning*");
    }

    [Fact]
    public async Task RequireActor_without_any_accessor_fails_the_save_and_writes_nothing()
    {
        var services = new ServiceCollection().AddDbContext<NotesDb>(o => store.UseProvider(o, v => v.RequireActor()));
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotesDb>();
        await store.EnsureTablesAsync(db);
        var name = Guid.NewGuid().ToString("N");
        db.Add(new StampedNote { Name = name });

        var save = () => db.SaveChangesAsync();

        (await save.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*requires an actor*");
        await using var check = provider.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<NotesDb>().StampedNotes.CountAsync(n => n.Name == name)).Should().Be(0);
    }

    private sealed class FixedActor(string actor) : IActorAccessor
    {
        public string? ActorId => actor;
    }
}

public sealed class RegistrationSqliteTest(SqliteTestStore store) : RegistrationSpec(store), IClassFixture<SqliteTestStore>;

public sealed class RegistrationPostgreSqlTest(PostgresTestStore store) : RegistrationSpec(store), IClassFixture<PostgresTestStore>;
