using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;
using Versioning.EntityFrameworkCore.PostgreSQL.Migrations;

namespace Versioning.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// An application that replaces the migrations SQL generator keeps every constraint Versioning needs only if its generator
/// derives from Versioning's: any other is refused when the context is configured, naming the fix.
/// </summary>
public class ReplacedGeneratorTest
{
    [Fact]
    public void A_generator_derived_from_Npgsqls_only_is_refused_when_the_context_is_configured()
    {
        using var db = new GeneratorDb(o => o.ReplaceService<IMigrationsSqlGenerator, OwnNpgsqlGenerator>());

        var act = () => db.Model;

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "*replaces IMigrationsSqlGenerator with 'OwnNpgsqlGenerator'*VersioningNpgsqlMigrationsSqlGenerator*");
    }

    [Fact]
    public void A_generator_derived_from_Versionings_is_used()
    {
        using var db = new GeneratorDb(o => o.ReplaceService<IMigrationsSqlGenerator, OwnVersioningGenerator>());

        db.GetService<IMigrationsSqlGenerator>().Should().BeOfType<OwnVersioningGenerator>();
    }

#pragma warning disable EF1001 // Npgsql's generator takes its internal INpgsqlSingletonOptions, as an application's would.
    private sealed class OwnNpgsqlGenerator(MigrationsSqlGeneratorDependencies dependencies, INpgsqlSingletonOptions options)
        : NpgsqlMigrationsSqlGenerator(dependencies, options);

    private sealed class OwnVersioningGenerator(MigrationsSqlGeneratorDependencies dependencies, INpgsqlSingletonOptions options)
        : VersioningNpgsqlMigrationsSqlGenerator(dependencies, options);
#pragma warning restore EF1001

    private sealed class GeneratorDb(Action<DbContextOptionsBuilder> configure) : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        {
            optionsBuilder.UseNpgsql("Host=localhost", n => n.UseVersioning());
            configure(optionsBuilder);
        }
    }
}
