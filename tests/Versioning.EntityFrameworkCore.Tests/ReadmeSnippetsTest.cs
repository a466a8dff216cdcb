using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The README's snippets, verbatim where they are code a user would write, compiled and run here so that the README
/// cannot drift from the API. Keep the two in sync.
/// </summary>
public sealed class ReadmeSnippetsTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ReadmeSnippetsTest() => _connection.Open();

    [Fact]
    public async Task Getting_started_and_change_stamps_snippets_work_as_written()
    {
        var services = new ServiceCollection();
        services.AddScoped<ICurrentUser>(_ => new CurrentUser("u-42"));
        services.AddDbContext<ShopDb>(o => o.UseSqlite(_connection).UseVersioning());                 // any relational provider
        services.AddVersioning(v => v.UseActorAccessor<CurrentUserActorAccessor>());           // who made the change
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDb>();
        await db.Database.EnsureCreatedAsync();

        var channel = new SalesChannel { Name = "Web shop" };
        db.SalesChannels.Add(channel);
        await db.SaveChangesAsync();                              // all four set; UpdatedAt == CreatedAt

        var stamps = db.Entry(channel).Versioning();              // works for shadow and CLR properties
        var line = $"{stamps.CreatedBy} at {stamps.CreatedAt:O}, last {stamps.UpdatedBy}";

        using (db.BeginChangeScope(reason: "Manual price update", actor: "u-7", correlationId: "req-1"))
        {
            await db.SalesChannels.Where(c => c.Name.StartsWith("Web"))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, c => c.Name + " (legacy)"));   // stamps UpdatedAt/By too
        }

        line.Should().StartWith("u-42 at ");
        await db.Entry(channel).ReloadAsync();
        channel.Name.Should().Be("Web shop (legacy)");
        db.Entry(channel).Versioning().UpdatedBy.Should().Be("u-7");
    }

    [Fact]
    public async Task Context_factory_snippet_records_the_saving_scopes_actor()
    {
        var services = new ServiceCollection();
        services.AddScoped<ICurrentUser>(_ => new CurrentUser("u-42"));
        services.AddPooledDbContextFactory<ShopDb>(o => o.UseSqlite(_connection).UseVersioning());
        services.AddVersioning(v => v.UseActorAccessor<CurrentUserActorAccessor>());
        services.AddScoped<Channels>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        await using (var db = await provider.GetRequiredService<IDbContextFactory<ShopDb>>().CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
        }

        await using var scope = provider.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<Channels>().AddAsync("Web shop");

        await using var check = await provider.GetRequiredService<IDbContextFactory<ShopDb>>().CreateDbContextAsync();
        check.Entry(await check.SalesChannels.SingleAsync(c => c.Id == id)).Versioning().CreatedBy.Should().Be("u-42");
    }

    // A scoped service of the application: EF's "pooled context with scoped state" pattern.
    public sealed class Channels(IDbContextFactory<ShopDb> factory, IServiceProvider scopedServices)
    {
        public async Task<int> AddAsync(string name)
        {
            await using var db = (await factory.CreateDbContextAsync()).UseVersioningServices(scopedServices);
            var channel = new SalesChannel { Name = name };
            db.SalesChannels.Add(channel);
            await db.SaveChangesAsync();   // CreatedBy is this scope's user
            return channel.Id;
        }
    }

    public void Dispose() => _connection.Dispose();

    public interface ICurrentUser
    {
        string? Id { get; }
    }

    // Resolved from the request's scope at each SaveChanges; ICurrentUser is your application's own service.
    public sealed class CurrentUserActorAccessor(ICurrentUser user) : IActorAccessor
    {
        public string? ActorId => user.Id;
    }

    public sealed class SalesChannel
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
    {
        public DbSet<SalesChannel> SalesChannels => Set<SalesChannel>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<SalesChannel>().HasChangeStamps();   // or [ChangeStamps] on the class
    }

    private sealed record CurrentUser(string? Id) : ICurrentUser;
}
