using Microsoft.EntityFrameworkCore.Infrastructure;
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

    /// <inheritdoc />
    public void Validate(IDbContextOptions options)
    {
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
