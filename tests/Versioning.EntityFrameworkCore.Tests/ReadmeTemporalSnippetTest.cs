using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The README's temporal-history snippet, verbatim where it is code a user would write, compiled and run here so that
/// the README cannot drift from the API. Keep the two in sync.
/// </summary>
public sealed class ReadmeTemporalSnippetTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ReadmeTemporalSnippetTest() => _connection.Open();

    [Fact]
    public async Task Temporal_history_snippet_works_as_written()
    {
        await using var provider = Services();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocsDb>();
        await db.Database.EnsureCreatedAsync();
        var created = new Document { Title = "Welcome", Content = "Hello" };
        db.Add(created);
        await db.SaveChangesAsync();
        var documentId = created.Id;
        created.Content = "Hi";
        await db.SaveChangesAsync();

        // Every SaveChanges that updates or deletes a document copies the old values to document_history, in the same transaction.
        var lastWeek = DateTime.UtcNow.AddDays(-7);
        var then = await db.Documents.TemporalAsOf(lastWeek).Where(d => d.Title.StartsWith("Welcome")).ToListAsync();
        var versions = await db.Documents.HistoryAsync([documentId]);        // newest first: Entity, Version, ValidFrom, ValidTo, ChangedBy, RemovedBy
        var changed = await db.Documents.TemporalBetween(lastWeek, DateTime.UtcNow).CountAsync();

        var document = await db.Documents.SingleAsync(d => d.Id == documentId);
        var author = db.Entry(document).Versioning().ChangedBy;              // who made the current version
        await db.RestoreAsOfAsync(document, versions[^1].ValidFrom);         // past values become the next version
        await db.SaveChangesAsync();

        var diff = await db.Documents.TemporalDiffAsync([documentId], 1, 2);                 // Field, OldValue, NewValue
        var edits = await db.Documents.FieldHistoryAsync([documentId], d => d.Content);     // Version, ChangedAt, ChangedBy, OldValue, NewValue

        diff.Should().ContainSingle().Which.Field.Should().Be("Content");
        edits.Select(e => e.NewValue).Should().Equal("Hi", "Hello");
        then.Should().BeEmpty();
        changed.Should().Be(2);
        document.Content.Should().Be("Hello");
        db.Entry(document).Versioning().Version.Should().Be(3);
        author.Should().BeNull("the snippet's context has no actor");
    }

    [Fact]
    public async Task As_of_graph_snippet_works_as_written()
    {
        await using var provider = Services();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocsDb>();
        await db.Database.EnsureCreatedAsync();
        var order = new Order { Lines = [new OrderLine { Product = "shoe" }] };
        db.Add(order);
        await db.SaveChangesAsync();
        var orderId = order.Id;
        var lastWeek = DateTime.UtcNow;
        await Task.Delay(5);
        order.Lines.Add(new OrderLine { Product = "added later" });
        await db.SaveChangesAsync();

        // README snippet starts here.
        var orderThen = await db.Orders.TemporalAsOf(lastWeek).Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
        // README snippet ends here.

        orderThen.Lines.Select(l => l.Product).Should().Equal("shoe");
    }

    public void Dispose() => _connection.Dispose();

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddDbContext<DocsDb>(o => o.UseSqlite(_connection).UseVersioning());
        services.AddVersioning();
        return services.BuildServiceProvider();
    }

    public sealed class Order
    {
        public int Id { get; set; }

        public List<OrderLine> Lines { get; set; } = [];
    }

    public sealed class OrderLine
    {
        public int Id { get; set; }

        public int OrderId { get; set; }

        public string Product { get; set; } = "";
    }

    public sealed class Document
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string? Content { get; set; }
    }

    public sealed class DocsDb(DbContextOptions<DocsDb> options) : DbContext(options)
    {
        public DbSet<Document> Documents => Set<Document>();

        public DbSet<Order> Orders => Set<Order>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Document>().HasTemporalHistory(t => t.ToTable("document_history")); // or [TemporalHistory]
            modelBuilder.Entity<Order>().HasTemporalHistory();
            modelBuilder.Entity<OrderLine>().HasTemporalHistory();
        }
    }
}
