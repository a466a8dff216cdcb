using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
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

        sqlite.GetService<IRelationalParameterBasedSqlProcessorFactory>().Should().BeOfType<TemporalQuerySqlProcessorFactory>();
        npgsql.GetService<IRelationalParameterBasedSqlProcessorFactory>().Should().BeOfType<TemporalQuerySqlProcessorFactory>();
    }

    [Fact]
    public void Versioning_configured_before_the_provider_leaves_the_providers_SQL_processor_alone()
    {
        using var context = new DbContext(new DbContextOptionsBuilder().UseVersioning().UseSqlite("Data Source=:memory:").Options);

        // Temporal queries then work as before, with their SQL generated on every execution.
        context.GetService<IRelationalParameterBasedSqlProcessorFactory>().Should().NotBeOfType<TemporalQuerySqlProcessorFactory>();
    }

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
}
