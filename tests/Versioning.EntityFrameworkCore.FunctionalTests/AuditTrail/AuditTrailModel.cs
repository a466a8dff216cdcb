using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.FunctionalTests.AuditTrail;

/// <summary>
/// Seed 'Entity' (organization details): audit trail by the fluent API with shadow bookkeeping, change stamps and a
/// database-generated key.
/// </summary>
public class LegalEntity
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Label { get; set; } = "";

    public string? RegistrationNumber { get; set; }
}

/// <summary>Seed 'addresses': audit trail by attribute, client-generated Guid key, CLR-mapped bookkeeping properties.</summary>
[AuditTrail]
public class Address
{
    public Guid Id { get; set; }

    public string Street { get; set; } = "";

    public string City { get; set; } = "";

    public int Revision { get; set; }

    public bool IsCurrent { get; set; }

    public Guid? RootId { get; set; }

    public string? ModifiedBy { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }

    public string? DeletedReason { get; set; }
}

/// <summary>Not versioned; references the revision of the legal entity it was signed with, and must keep doing so.</summary>
public class Contract
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public int LegalEntityId { get; set; }

    public LegalEntity? LegalEntity { get; set; }
}

public class AuditTrailDb(DbContextOptions<AuditTrailDb> options) : DbContext(options)
{
    public DbSet<LegalEntity> LegalEntities => Set<LegalEntity>();

    public DbSet<Address> Addresses => Set<Address>();

    public DbSet<Contract> Contracts => Set<Contract>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LegalEntity>(b =>
        {
            b.HasAuditTrail();
            b.HasChangeStamps();

            // Unique among current, undeleted revisions: PostgreSQL makes it partial (past revisions repeat the value).
            if (Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
            {
                b.HasIndex(e => e.RegistrationNumber).IsUnique();
            }
        });
        modelBuilder.Entity<Contract>().HasOne(c => c.LegalEntity).WithMany().HasForeignKey(c => c.LegalEntityId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Snake_case naming; its own table so that SQLite's case-insensitive names cannot clash.</summary>
public class PaymentMethod
{
    public long Id { get; set; }

    public string Iban { get; set; } = "";
}

public class SnakeCaseAuditTrailDb(DbContextOptions<SnakeCaseAuditTrailDb> options) : DbContext(options)
{
    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<PaymentMethod>().HasAuditTrail();
}
