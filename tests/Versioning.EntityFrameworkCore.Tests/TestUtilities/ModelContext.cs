using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.Tests.TestUtilities;

/// <summary>
/// A context whose model is built from the delegate it is given, on SQLite options that never open a connection:
/// model tests need the provider's conventions, not a database.
/// </summary>
public sealed class ModelContext(Action<ModelBuilder> buildModel, Action<DbContextOptionsBuilder>? configure = null) : DbContext
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        optionsBuilder.UseSqlite("Data Source=:memory:").UseVersioning();
        configure?.Invoke(optionsBuilder);

        // Each test builds its own model: keep EF from reusing a cached one across tests.
        optionsBuilder.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, NoModelCache>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) => buildModel(modelBuilder);

    public static Microsoft.EntityFrameworkCore.Metadata.IModel Build(Action<ModelBuilder> buildModel, Action<DbContextOptionsBuilder>? configure = null)
    {
        using var context = new ModelContext(buildModel, configure);
        return context.Model;
    }

    private sealed class NoModelCache : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => new object();
    }
}
