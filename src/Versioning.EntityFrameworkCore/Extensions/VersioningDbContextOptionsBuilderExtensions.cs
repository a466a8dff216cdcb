using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Properties;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Enables Versioning on a context.
/// </summary>
public static class VersioningDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Enables Versioning: the model conventions of each strategy, and the SaveChanges interceptor that writes
    /// stamps, history and log rows in the same transaction as the change. Works with any relational provider;
    /// on PostgreSQL prefer <c>UseNpgsql(cs, npgsql =&gt; npgsql.UseVersioning())</c>.
    /// </summary>
    /// <param name="optionsBuilder">The options builder of the context.</param>
    /// <param name="configure">Optional configuration of Versioning.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">
    /// Versioning was already enabled on this builder, or no relational provider was configured before it (configure the
    /// provider first: <c>UseSqlite(cs).UseVersioning()</c>).
    /// </exception>
    public static DbContextOptionsBuilder UseVersioning(
        this DbContextOptionsBuilder optionsBuilder, Action<VersioningOptionsBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);

        if (optionsBuilder.Options.FindExtension<VersioningOptionsExtension>() != null)
        {
            // Two calls usually mean two places configure the same context (AddDbContext and OnConfiguring):
            // one of them would silently lose its options, so say so instead.
            throw new InvalidOperationException(
                VersioningStrings.UseVersioningCalledTwice(TypeDisplayNames.Of(optionsBuilder.Options.ContextType)));
        }

        RequireRelationalProvider(optionsBuilder);
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(new VersioningOptionsExtension());
        configure?.Invoke(new VersioningOptionsBuilder(optionsBuilder));
        return optionsBuilder;
    }

    // Versioning wraps services the provider registers (the SQL processor that lets EF cache temporal queries), which it
    // can only do once they are there: EF applies the options' services in the order they were configured.
    private static void RequireRelationalProvider(DbContextOptionsBuilder optionsBuilder)
    {
        var contextType = TypeDisplayNames.Of(optionsBuilder.Options.ContextType);
        var provider = optionsBuilder.Options.Extensions.FirstOrDefault(e => e.Info.IsDatabaseProvider)
            ?? throw new InvalidOperationException(VersioningStrings.UseVersioningBeforeProvider(contextType));
        if (provider is not RelationalOptionsExtension)
        {
            throw new InvalidOperationException(VersioningStrings.UseVersioningWithoutRelationalProvider(contextType, provider.GetType().Name));
        }
    }

    /// <inheritdoc cref="UseVersioning(DbContextOptionsBuilder, Action{VersioningOptionsBuilder})"/>
    /// <typeparam name="TContext">The type of the context.</typeparam>
    public static DbContextOptionsBuilder<TContext> UseVersioning<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder, Action<VersioningOptionsBuilder>? configure = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseVersioning((DbContextOptionsBuilder)optionsBuilder, configure);
}
