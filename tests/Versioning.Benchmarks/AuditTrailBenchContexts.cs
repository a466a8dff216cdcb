using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// A legal entity row (the seed's 'Entity'), with the audit-trail and soft-delete columns declared on the class so that
/// the plain and the audited table have the same columns.
/// </summary>
public sealed class BenchLegalEntity
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Label { get; set; }

    public int Revision { get; set; }

    public bool IsCurrent { get; set; }

    public int? RootId { get; set; }

    public string? ModifiedBy { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }

    public string? DeletedReason { get; set; }
}

/// <summary>Plain EF Core: the bookkeeping columns are ordinary columns, and an update overwrites the row.</summary>
public sealed class PlainLegalEntityContext(DbContextOptions<PlainLegalEntityContext> options) : DbContext(options)
{
    public DbSet<BenchLegalEntity> Entities => Set<BenchLegalEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchLegalEntity>().ToTable("plain_legal_entities");
}

/// <summary>The same columns with Versioning's audit trail (family column, constraints and filters included).</summary>
public sealed class AuditTrailLegalEntityContext(DbContextOptions<AuditTrailLegalEntityContext> options) : DbContext(options)
{
    public DbSet<BenchLegalEntity> Entities => Set<BenchLegalEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchLegalEntity>().ToTable("audit_legal_entities").HasAuditTrail();
}

/// <summary>The audited table with an activity log as well (a back-office document's revisions and named activities).</summary>
public sealed class AuditTrailLoggedLegalEntityContext(DbContextOptions<AuditTrailLoggedLegalEntityContext> options) : DbContext(options)
{
    public DbSet<BenchLegalEntity> Entities => Set<BenchLegalEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchLegalEntity>().ToTable("audit_logged_legal_entities").HasAuditTrail().HasActivityLog();
}

/// <summary>
/// The database of the audit-trail benchmarks: its own (<see cref="DatabaseName"/>, dropped and recreated), on the
/// server of <see cref="BenchmarkDatabase"/>.
/// </summary>
public static class AuditTrailBenchDatabase
{
    public const string DatabaseName = "versioning_bench_audit_trail";

    public static ServiceProvider BuildServices() => BenchContextPair.BuildServices<PlainLegalEntityContext, AuditTrailLegalEntityContext>(DatabaseName);

    public static void Recreate(IServiceProvider services) => BenchContextPair.Recreate<PlainLegalEntityContext, AuditTrailLegalEntityContext>(services);

    /// <summary>The services of the audit trail with an activity log against plain EF (a database of its own).</summary>
    public static ServiceProvider BuildLoggedServices()
        => BenchContextPair.BuildServices<PlainLegalEntityContext, AuditTrailLoggedLegalEntityContext>(DatabaseName + "_logged");

    public static void RecreateLogged(IServiceProvider services)
        => BenchContextPair.Recreate<PlainLegalEntityContext, AuditTrailLoggedLegalEntityContext>(services);

    /// <summary>Revision 1 of <paramref name="count"/> entities (set by hand for the plain table, by Versioning otherwise).</summary>
    public static IEnumerable<BenchLegalEntity> NewEntities(int count)
        => Enumerable.Range(1, count).Select(i => new BenchLegalEntity
        {
            Name = $"entity {i}",
            Label = "organization",
            Revision = 1,
            IsCurrent = true,
            ModifiedBy = BenchActor.Id,
        });
}
