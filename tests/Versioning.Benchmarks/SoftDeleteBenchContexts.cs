using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// An email address row (the seed's 'email_addresses'), with the soft-delete columns declared on the class so that
/// the plain and the soft-deleting table have exactly the same shape.
/// </summary>
public sealed class BenchEmail
{
    public int Id { get; set; }

    public required string Email { get; set; }

    public int Segment { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }

    public string? DeletedReason { get; set; }
}

/// <summary>Plain EF Core: the soft-delete columns are ordinary columns, and Remove() deletes.</summary>
public sealed class PlainEmailContext(DbContextOptions<PlainEmailContext> options) : DbContext(options)
{
    public DbSet<BenchEmail> Emails => Set<BenchEmail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchEmail>(b =>
        {
            b.ToTable("plain_emails");
            b.HasIndex(e => e.Segment);
        });
}

/// <summary>The same table shape with Versioning's soft delete (and its named query filter).</summary>
public sealed class SoftDeleteEmailContext(DbContextOptions<SoftDeleteEmailContext> options) : DbContext(options)
{
    public DbSet<BenchEmail> Emails => Set<BenchEmail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchEmail>(b =>
        {
            b.ToTable("soft_emails").HasSoftDelete();
            b.HasIndex(e => e.Segment);
        });
}

/// <summary>
/// The database of the soft-delete benchmarks: its own (<see cref="DatabaseName"/>, dropped and recreated), on the
/// server of <see cref="BenchmarkDatabase"/>, so it never touches the other benchmarks' tables.
/// </summary>
public static class SoftDeleteBenchDatabase
{
    public const string DatabaseName = "versioning_bench_soft_delete";

    public static ServiceProvider BuildServices() => BenchContextPair.BuildServices<PlainEmailContext, SoftDeleteEmailContext>(DatabaseName);

    public static void Recreate(IServiceProvider services) => BenchContextPair.Recreate<PlainEmailContext, SoftDeleteEmailContext>(services);

    /// <summary>Rows 1..count in 97 segments; every tenth one flagged deleted when <paramref name="tenthDeleted"/>.</summary>
    public static IEnumerable<BenchEmail> NewEmails(int count, bool tenthDeleted)
        => Enumerable.Range(1, count).Select(i => new BenchEmail
        {
            Email = $"user{i}-{Guid.NewGuid():N}@example.com",
            Segment = i % 97, // coprime with 10, so every segment holds deleted rows too
            IsDeleted = tenthDeleted && i % 10 == 0,
            DeletedAt = tenthDeleted && i % 10 == 0 ? DateTime.UtcNow : null,
        });
}
