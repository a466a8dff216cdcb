using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Temporal;

/// <summary>
/// Seed 'temporal-event-tenant-migration': documents, versioned on every update. Period and version are shadow
/// properties here; the history table is named by the fluent API; change stamps compose with the history.
/// </summary>
public class Document
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string? Content { get; set; }
}

/// <summary>Seed templates: temporal by attribute, with <c>ValidFrom</c> and <c>Version</c> declared as CLR properties.</summary>
[TemporalHistory]
public class Template
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Body { get; set; } = "";

    public DateTime ValidFrom { get; set; }

    public int Version { get; set; }
}

/// <summary>A composite key and a DateTimeOffset period.</summary>
[TemporalHistory(Table = "LayerVersions")]
public class ContextLayer
{
    public string TenantId { get; set; } = "";

    public int Number { get; set; }

    public string LayerType { get; set; } = "";

    public DateTimeOffset ValidFrom { get; set; }
}

/// <summary>A temporal entity with a secret: its history keeps the redaction mask, never the value.</summary>
public class Credential
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    [Redacted]
    public string Secret { get; set; } = "";
}

/// <summary>A temporal entity whose history keeps nothing of its secrets (<c>RedactedValues(TemporalRedaction.Exclude)</c>).</summary>
public class Vault
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    [Redacted]
    public int? Pin { get; set; }

    [Redacted]
    public string? Note { get; set; }
}

/// <summary>An order and its lines, both temporal, and a customer without history: navigations in temporal queries.</summary>
[TemporalHistory]
public class Order
{
    public int Id { get; set; }

    public string Number { get; set; } = "";

    public int? CustomerId { get; set; }

    public Customer? Customer { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
}

[TemporalHistory]
public class OrderLine
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public Order? Order { get; set; }

    public string Product { get; set; } = "";
}

public class Customer
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>A temporal entity whose Guid key EF generates, unless the application gives one.</summary>
[TemporalHistory]
public class Label
{
    public Guid Id { get; set; }

    public string Text { get; set; } = "";
}

public class TemporalDb(DbContextOptions<TemporalDb> options) : DbContext(options)
{
    public DbSet<Label> Labels => Set<Label>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Vault> Vaults => Set<Vault>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<Credential> Credentials => Set<Credential>();

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<Template> Templates => Set<Template>();

    public DbSet<ContextLayer> ContextLayers => Set<ContextLayer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Document>(b =>
        {
            b.HasTemporalHistory(t => t.ToTable("document_history"));
            b.HasChangeStamps();
            b.HasIndex(d => d.Title).IsUnique();
        });
        modelBuilder.Entity<ContextLayer>().HasKey(l => new { l.TenantId, l.Number });
        modelBuilder.Entity<Credential>().HasTemporalHistory();
        modelBuilder.Entity<Vault>().HasTemporalHistory(t => t.RedactedValues(TemporalRedaction.Exclude));
    }
}

/// <summary>A model of its own for snake_case naming (SQLite compares table names without case).</summary>
public class Memo
{
    public int Id { get; set; }

    public string MemoText { get; set; } = "";
}

public class SnakeCaseTemporalDb(DbContextOptions<SnakeCaseTemporalDb> options) : DbContext(options)
{
    public DbSet<Memo> Memos => Set<Memo>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Memo>().HasTemporalHistory();
}
