using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The README's change events section, verbatim where it is code a user would write, compiled and run here (the relay's
/// registration is compiled and its services resolved; delivering needs PostgreSQL, which the functional tests use).
/// </summary>
public sealed class ReadmeChangeEventsSnippetTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ReadmeChangeEventsSnippetTest() => _connection.Open();

    [Fact]
    public async Task Change_events_snippet_works_as_written()
    {
        await using var db = new ShopDb(new DbContextOptionsBuilder<ShopDb>().UseSqlite(_connection).UseVersioning().Options);
        await db.Database.EnsureCreatedAsync();

        // --- README snippet (usage) ---
        var order = new Order { Customer = "ACME", Total = 120m };
        db.Add(order);
        await db.SaveChangesAsync();                                // Created, stream version 1

        order.Total = 99m;
        db.RaiseChangeEvent(order, "DiscountApplied", new { Percent = 17.5 });
        await db.SaveChangesAsync();                                // Updated (v2) + DiscountApplied (v3), same transaction

        var stream = await db.ChangeEventStream(order).ToListAsync(); // in version order, no tracking
        var counts = await db.GetChangeEventCountsAsync();           // pending, delivered, failed
        // --- end of snippet ---

        stream.Select(e => (e.StreamVersion, e.Kind)).Should().Equal((1L, "Created"), (2L, "Updated"), (3L, "DiscountApplied"));
        stream[1].Before.Should().Be("""{"Total":120}""");
        stream[1].After.Should().Be("""{"Total":99}""");
        (counts.Pending, counts.Delivered, counts.Failed).Should().Be((3, 0, 0));
    }

    [Fact]
    public void Relay_registration_snippet_compiles_and_resolves()
    {
        var services = new ServiceCollection();
        services.AddDbContext<ShopDb>(o => o.UseNpgsql("Host=localhost", n => n.UseVersioning()));

        // --- README snippet (relay) ---
        services.AddVersioningOutboxRelay<ShopDb>(relay =>
            {
                relay.MaxAttempts = 8;                              // then dead-lettered (Status = Failed)
                relay.Retention = TimeSpan.FromDays(3);             // delivered events purged after 3 days
            })
            .AddHandler<BillingHandler>();
        // --- end of snippet ---

        services.AddLogging();
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ChangeEventRelay<ShopDb>>().Should().NotBeNull();
    }

    public void Dispose() => _connection.Dispose();

    // --- README snippet (model and handler) ---
    [ChangeEvents]                                                  // or HasChangeEvents()
    public class Order
    {
        public int Id { get; set; }
        public string Customer { get; set; } = "";
        public decimal Total { get; set; }
        public long StreamVersion { get; set; }                     // optional: a shadow property otherwise
    }

    public class BillingHandler(ShopDb db) : IChangeEventHandler
    {
        public async Task HandleAsync(ChangeEvent changeEvent, CancellationToken cancellationToken)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await db.MarkChangeEventProcessedAsync(changeEvent, "billing", cancellationToken))
            {
                return;                                             // a redelivery: already done
            }

            using (db.BeginChangeScopeCausedBy(changeEvent))        // its events get CausationId = changeEvent.Id
            {
                // ... the handler's own changes ...
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }
    // --- end of snippet ---

    public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.HasProcessedChangeEvents().Entity<Order>();
    }
}
