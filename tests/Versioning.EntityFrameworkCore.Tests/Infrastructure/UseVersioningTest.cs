using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Infrastructure;

public class UseVersioningTest
{
    [Fact]
    public void UseVersioning_registers_the_plugin_and_the_interceptor()
    {
        using var context = new ModelContext(_ => { });

        context.GetService<IEnumerable<IConventionSetPlugin>>().Should().ContainSingle(p => p is VersioningConventionSetPlugin);
        context.GetService<IEnumerable<IInterceptor>>().Should().ContainSingle(i => i.GetType().Name == "VersioningSaveChangesInterceptor");
    }

    [Fact]
    public void UseVersioning_twice_is_rejected_with_a_clear_message()
    {
        var act = () => new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:").UseVersioning().UseVersioning();

        act.Should().Throw<InvalidOperationException>().WithMessage("UseVersioning() was called more than once*Configure Versioning in one call*");
    }

    [Fact]
    public void The_Npgsql_form_enables_the_same_extension()
    {
        var options = new DbContextOptionsBuilder().UseNpgsql("Host=localhost", npgsql => npgsql.UseVersioning(v => v.RequireActor())).Options;

        options.FindExtension<VersioningOptionsExtension>()!.RequireActor.Should().BeTrue();
    }

    [Fact]
    public void The_Npgsql_form_adds_the_PostgreSQL_conventions_after_the_neutral_ones()
    {
        using var context = new DbContext(
            new DbContextOptionsBuilder().UseNpgsql("Host=localhost", npgsql => npgsql.UseVersioning()).Options);

        context.GetService<IEnumerable<IConventionSetPlugin>>().Select(p => p.GetType().Name).Should()
            .ContainInOrder("VersioningConventionSetPlugin", "VersioningNpgsqlConventionSetPlugin");
    }

    [Fact]
    public void Temporal_queries_keep_their_SQL_in_EFs_command_cache_with_either_provider()
    {
        using var sqlite = new DbContext(new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:").UseVersioning().Options);
        using var npgsql = new DbContext(new DbContextOptionsBuilder().UseNpgsql("Host=localhost", npgsql => npgsql.UseVersioning()).Options);

        ProcessorFactoryOf(sqlite).Should().BeOfType<TemporalQuerySqlProcessorFactory>();
        ProcessorFactoryOf(npgsql).Should().BeOfType<TemporalQuerySqlProcessorFactory>();
    }

    [Fact]
    public void UseVersioning_before_the_provider_is_rejected_saying_to_configure_the_provider_first()
    {
        var act = () => new DbContextOptionsBuilder().UseVersioning().UseSqlite("Data Source=:memory:");

        // Versioning wraps services the provider registers, which EF applies in configuration order.
        act.Should().Throw<InvalidOperationException>()
            .WithMessage("UseVersioning() was called while configuring DbContext before its database provider*configure the provider first*UseSqlite(cs).UseVersioning(...)*");
    }

    [Fact]
    public void UseVersioning_on_a_provider_that_is_not_relational_is_rejected()
    {
        var builder = new DbContextOptionsBuilder();
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new FakeDocumentProviderExtension());

        var act = () => builder.UseVersioning();

        act.Should().Throw<InvalidOperationException>().WithMessage("*(FakeDocumentProviderExtension) is not a relational one*");
    }

    [Fact]
    public void The_providers_own_SQL_processor_factory_stays_registered_for_everything_else()
    {
        using var context = new DbContext(new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:").UseVersioning().Options);

        // The wrapper delegates to it and is only what EF's query compilation uses.
        context.GetService<IRelationalParameterBasedSqlProcessorFactory>().GetType().Name.Should().Be("SqliteParameterBasedSqlProcessorFactory");
    }

    // Where EF's query compilation takes the factory from.
    private static IRelationalParameterBasedSqlProcessorFactory ProcessorFactoryOf(DbContext context)
        => context.GetService<RelationalShapedQueryCompilingExpressionVisitorDependencies>().RelationalParameterBasedSqlProcessorFactory;

    [Fact]
    public void Options_with_different_settings_share_one_internal_service_provider()
    {
        var plain = new VersioningOptionsExtension();
        var strict = plain.WithRequireActor(true);

        plain.RequireActor.Should().BeFalse("With... returns a copy");
        plain.Info.ShouldUseSameServiceProvider(strict.Info).Should().BeTrue();
        strict.Info.LogFragment.Should().Contain("actor required");
    }

    [Fact]
    public void BeginChangeScope_without_UseVersioning_says_how_to_enable_it()
    {
        using var context = new DbContext(new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:").Options);

        var act = () => context.BeginChangeScope(reason: "x");

        act.Should().Throw<InvalidOperationException>().WithMessage("Versioning is not enabled on 'DbContext'. Call UseVersioning()*");
    }

    [Fact]
    public void Change_scopes_nest_and_inherit_what_they_do_not_set()
    {
        using var context = new ModelContext(_ => { });

        using (context.BeginChangeScope(reason: "outer", actor: "alice"))
        {
            using var inner = context.BeginChangeScope(actor: "bob");
            inner.Reason.Should().Be("outer");
            inner.ActorId.Should().Be("bob");
            context.CurrentChangeScope().Should().BeSameAs(inner);
        }

        context.CurrentChangeScope().Should().BeNull();
    }

    [Fact]
    public void Disposing_an_outer_scope_before_an_inner_one_is_rejected()
    {
        using var context = new ModelContext(_ => { });
        var outer = context.BeginChangeScope(reason: "outer");
        using var inner = context.BeginChangeScope(reason: "inner");

        var act = outer.Dispose;

        act.Should().Throw<InvalidOperationException>().WithMessage("Change scopes must be disposed in the reverse order*");
    }

    private sealed class FakeDocumentProviderExtension : IDbContextOptionsExtension
    {
        public DbContextOptionsExtensionInfo Info => new FakeInfo(this);

        public void ApplyServices(IServiceCollection services)
        {
        }

        public void Validate(IDbContextOptions options)
        {
        }

        private sealed class FakeInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            public override bool IsDatabaseProvider => true;

            public override string LogFragment => "";

            public override int GetServiceProviderHashCode() => 0;

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is FakeInfo;

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            {
            }
        }
    }
}
