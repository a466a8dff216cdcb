using Microsoft.EntityFrameworkCore;
using Npgsql;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;

namespace Versioning.EntityFrameworkCore.Tests.Sql;

/// <summary>
/// The statements of tenant row-level security on PostgreSQL, asserted verbatim: the DDL of a table created with it, and
/// the statement that sets the settings its policy reads.
/// </summary>
public class TenancySqlTest
{
    private const string IsOwnTenant
        = """current_setting('versioning.tenant_bypass', true) = 'on' OR "TenantId" = current_setting('versioning.tenant_id', true)""";

    [Fact]
    public void A_table_created_with_tenant_row_level_security_gets_forced_row_level_security_and_the_policy()
    {
        using var db = new RlsDb();
        var script = db.Database.GenerateCreateScript().ReplaceLineEndings("\n");

        script.Split(";\n").Select(s => s.Trim() + ";").Where(s => s.Contains("ROW LEVEL SECURITY") || s.Contains("POLICY")).Should().Equal(
            """ALTER TABLE "Prompt" ENABLE ROW LEVEL SECURITY;""",
            """ALTER TABLE "Prompt" FORCE ROW LEVEL SECURITY;""",
            $"""CREATE POLICY versioning_tenant_isolation ON "Prompt" USING ({IsOwnTenant}) WITH CHECK ({IsOwnTenant});""");
    }

    [Fact]
    public void The_settings_are_set_in_one_statement_with_their_values_as_parameters()
    {
        using var connection = new NpgsqlConnection();
        using var command = DatabaseTriggerSettings.SetCommand(
            connection,
            null,
            [.. DatabaseTriggerSettings.Of("alice", "req-1", null), new DatabaseSetting("versioning.tenant_id", "acme", Local: false)]);

        command.CommandText.Should().Be(
            "SELECT set_config('versioning.actor', @p0, true), set_config('versioning.correlation_id', @p1, true), "
            + "set_config('versioning.reason', @p2, true), set_config('versioning.tenant_id', @p3, false)");
        command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Value).Should().Equal("alice", "req-1", "", "acme");
    }

    [Fact]
    public void Row_level_security_without_tenancy_is_refused()
    {
        using var db = new RlsDb(tenant: false);

        var build = () => db.Model;

        build.Should().Throw<InvalidOperationException>().WithMessage("HasTenantRowLevelSecurity() is configured on 'Prompt', which is not multi-tenant*");
    }

    private sealed class Prompt
    {
        public int Id { get; set; }
    }

    private sealed class RlsDb(bool tenant = true) : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
            => optionsBuilder.UseNpgsql("Host=localhost", n => n.UseVersioning())
                .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, PerTenancyModel>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Prompt>().HasTenant(tenant).HasTenantRowLevelSecurity();

        public bool Tenant => tenant;
    }

    private sealed class PerTenancyModel : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (((RlsDb)context).Tenant, designTime);
    }
}
