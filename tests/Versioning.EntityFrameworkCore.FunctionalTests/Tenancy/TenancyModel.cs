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

public class TenancyDb(DbContextOptions<TenancyDb> options) : DbContext(options)
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<Prompt> Prompts => Set<Prompt>();

    public DbSet<Asset> Assets => Set<Asset>();

    public DbSet<ImageAsset> Images => Set<ImageAsset>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Prompt>().HasTenant();
        modelBuilder.Entity<Asset>().HasTenant();
    }
}
