using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Versioning.EntityFrameworkCore.Properties;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Infrastructure;

/// <summary>
/// Marks a context configured with <c>npgsql.UseVersioning()</c>: its <see cref="ApplyServices"/> adds the
/// PostgreSQL conventions of the strategies (database-enforced invariants) next to the provider-neutral ones.
/// </summary>
public sealed class VersioningNpgsqlOptionsExtension : IDbContextOptionsExtension
{
    /// <summary>Creates the extension.</summary>
    public VersioningNpgsqlOptionsExtension()
    {
    }

    private DbContextOptionsExtensionInfo? _info;

    /// <inheritdoc />
    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    /// <inheritdoc />
    public void ApplyServices(IServiceCollection services)
        => services.AddEntityFrameworkVersioningNpgsql();

    /// <summary>
    /// Refuses a replaced migrations SQL generator that does not derive from
    /// <see cref="Migrations.VersioningNpgsqlMigrationsSqlGenerator"/>: migrations and EnsureCreated would silently lose the
    /// constraints the strategies need.
    /// </summary>
    /// <param name="options">The context's options.</param>
    public void Validate(IDbContextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var ((service, _), implementation) in options.FindExtension<CoreOptionsExtension>()?.ReplacedServices ?? new Dictionary<(Type, Type?), Type>())
        {
            if (service == typeof(IMigrationsSqlGenerator) && !typeof(Migrations.VersioningNpgsqlMigrationsSqlGenerator).IsAssignableFrom(implementation))
            {
                throw new InvalidOperationException(VersioningStrings.ReplacedMigrationsSqlGenerator(implementation.Name));
            }
        }
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using Versioning for PostgreSQL ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            => debugInfo["Versioning:PostgreSQL"] = "1";
    }
}
