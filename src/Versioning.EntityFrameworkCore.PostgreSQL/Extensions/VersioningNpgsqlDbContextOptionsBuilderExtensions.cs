using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.PostgreSQL.Infrastructure;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Enables Versioning on a context that uses PostgreSQL through Npgsql.
/// </summary>
public static class VersioningNpgsqlDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Enables Versioning on this PostgreSQL context: <c>UseNpgsql(cs, npgsql =&gt; npgsql.UseVersioning())</c>.
    /// Same behaviour as <c>optionsBuilder.UseVersioning()</c>; the PostgreSQL-specific parts of each strategy
    /// (database-enforced invariants) come with it.
    /// </summary>
    /// <param name="npgsqlOptionsBuilder">The Npgsql options builder.</param>
    /// <param name="configure">Optional configuration of Versioning.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">Versioning was already enabled on this context's options.</exception>
    public static NpgsqlDbContextOptionsBuilder UseVersioning(
        this NpgsqlDbContextOptionsBuilder npgsqlOptionsBuilder, Action<VersioningOptionsBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(npgsqlOptionsBuilder);
        var optionsBuilder = ((IRelationalDbContextOptionsBuilderInfrastructure)npgsqlOptionsBuilder).OptionsBuilder;
        optionsBuilder.UseVersioning(configure);
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(new VersioningNpgsqlOptionsExtension());
        return npgsqlOptionsBuilder;
    }
}
