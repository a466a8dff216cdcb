using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Tenancy;

/// <summary>Seed PromptCraft: a tenant's workspace, by attribute, with a CLR <c>TenantId</c>.</summary>
[MultiTenant]
public class Workspace
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string? TenantId { get; set; }
}

/// <summary>A prompt, configured fluently (shadow <c>TenantId</c>), with temporal history and an activity log.</summary>
[TemporalHistory]
[ActivityLog]
public class Prompt
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>The root of a hierarchy (TPH), multi-tenant fluently.</summary>
public class Asset
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>A derived type: inherits tenancy from its root.</summary>
public class ImageAsset : Asset
{
    public int Width { get; set; }
}

/// <summary>Soft-deletable and multi-tenant: both filters, both bulk policies.</summary>
[SoftDelete]
[MultiTenant]
public class Ticket
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>Audited: an update is a new revision of the tenant's row.</summary>
[AuditTrail]
[MultiTenant]
public class Contract
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>Replace-on-update: an update is a new record replacing the tenant's row.</summary>
[SoftDelete(ReplaceOnUpdate = true)]
[MultiTenant]
public class Listing
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>A tenant's invoice whose changes are events in the outbox.</summary>
[ChangeEvents]
[MultiTenant]
public class Invoice
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

public class TenancyDb(DbContextOptions<TenancyDb> options) : DbContext(options)
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<Prompt> Prompts => Set<Prompt>();

    public DbSet<Asset> Assets => Set<Asset>();

    public DbSet<ImageAsset> Images => Set<ImageAsset>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<Contract> Contracts => Set<Contract>();

    public DbSet<Listing> Listings => Set<Listing>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Prompt>().HasTenant();
        modelBuilder.Entity<Asset>().HasTenant();
        modelBuilder.RetainActivityFor(TimeSpan.FromDays(3650));
    }
}
