using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The README's tenancy snippet, verbatim where it is code a user would write, compiled and run here so that the README
/// cannot drift from the API. Keep the two in sync.
/// </summary>
public sealed class ReadmeTenancySnippetTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ReadmeTenancySnippetTest() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task Tenancy_snippet_stamps_isolates_scopes_and_bypasses_as_written()
    {
        var services = new ServiceCollection();
        services.AddScoped<CurrentTenantAccessor>();
        services.AddDbContext<PromptDb>(o => o.UseSqlite(_connection).UseVersioning());
        services.AddVersioning(v => v.UseTenantAccessor<CurrentTenantAccessor>());   // the request's tenant
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptDb>();
        await db.Database.EnsureCreatedAsync();

        db.Prompts.Add(new Prompt { Title = "Welcome" });           // TenantId stamped: "acme"
        await db.SaveChangesAsync();
        var mine = await db.Prompts.ToListAsync();                  // only acme's rows

        using (db.BeginTenantScope("globex"))                       // this context works for globex until disposed
        {
            db.Prompts.Add(new Prompt { Title = "Hello" });         // stamped "globex"
            await db.SaveChangesAsync();
        }

        List<Prompt> everyone;
        using (db.BeginTenantBypass("support ticket 4711"))         // an administrator's explicit lift
        {
            everyone = await db.Prompts.ToListAsync();              // every tenant's rows, writable
        }

        mine.Select(p => p.Title).Should().Equal("Welcome");
        (await db.Prompts.Select(p => p.Title).ToListAsync()).Should().Equal("Welcome");
        everyone.Select(p => (p.Title, db.Entry(p).Property<string>("TenantId").CurrentValue))
            .Should().BeEquivalentTo([("Welcome", "acme"), ("Hello", "globex")]);
    }

    public sealed class CurrentTenantAccessor : ITenantAccessor
    {
        public string? TenantId => "acme";
    }

    public sealed class Prompt
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";
    }

    public sealed class PromptDb(DbContextOptions<PromptDb> options) : DbContext(options)
    {
        public DbSet<Prompt> Prompts => Set<Prompt>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Prompt>().HasTenant();               // or [MultiTenant] on the class
    }
}
