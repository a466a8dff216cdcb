using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Metadata;

public class TenancyModelTest
{
    [Fact]
    public void HasTenant_adds_a_shadow_TenantId_that_is_a_concurrency_token_and_the_named_filter()
    {
        var model = ModelContext.Build(b => b.Entity<Space>().HasTenant());

        var entityType = model.FindEntityType(typeof(Space))!;
        entityType.IsMultiTenant().Should().BeTrue();
        var tenantId = entityType.FindProperty(TenantPropertyNames.TenantId)!;
        (tenantId.ClrType, tenantId.IsShadowProperty(), tenantId.IsConcurrencyToken).Should().Be((typeof(string), true, true));
        entityType.FindDeclaredQueryFilter(VersioningQueryFilters.Tenancy).Should().NotBeNull();
    }

    [Fact]
    public void The_attribute_turns_tenancy_on_with_the_declared_clr_property()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedSpace>());

        var tenantId = model.FindEntityType(typeof(AttributedSpace))!.FindProperty(TenantPropertyNames.TenantId)!;
        tenantId.IsShadowProperty().Should().BeFalse();
        tenantId.IsConcurrencyToken.Should().BeTrue();
    }

    [Fact]
    public void Fluent_configuration_beats_the_attribute_and_removes_the_filter()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedSpace>().HasTenant(false));

        var entityType = model.FindEntityType(typeof(AttributedSpace))!;
        entityType.IsMultiTenant().Should().BeFalse();
        entityType.FindDeclaredQueryFilter(VersioningQueryFilters.Tenancy).Should().BeNull();
        entityType.FindProperty(TenantPropertyNames.TenantId)!.IsConcurrencyToken.Should().BeFalse("a declared property stays an ordinary property");
    }

    [Fact]
    public void A_derived_type_inherits_tenancy_and_the_filter_stays_on_the_root()
    {
        var model = ModelContext.Build(b =>
        {
            b.Entity<Space>().HasTenant();
            b.Entity<SharedSpace>();
        });

        var derived = model.FindEntityType(typeof(SharedSpace))!;
        derived.IsMultiTenant().Should().BeTrue();
        derived.FindDeclaredQueryFilter(VersioningQueryFilters.Tenancy).Should().BeNull();
        model.FindEntityType(typeof(Space))!.FindDeclaredQueryFilter(VersioningQueryFilters.Tenancy).Should().NotBeNull();
    }

    [Fact]
    public void In_a_multi_tenant_model_the_activity_log_and_the_outbox_are_filtered_by_tenant_and_without_tenancy_not()
    {
        var multiTenant = ModelContext.Build(b =>
        {
            b.Entity<Space>().HasTenant();
            b.Entity<Note>().HasActivityLog().HasChangeEvents();
        });
        var single = ModelContext.Build(b => b.Entity<Note>().HasActivityLog().HasChangeEvents());

        foreach (var table in new[] { typeof(ActivityLogEntry), typeof(ChangeEvent) })
        {
            multiTenant.FindEntityType(table)!.FindDeclaredQueryFilter(VersioningQueryFilters.Tenancy).Should().NotBeNull(table.Name);
            multiTenant.FindEntityType(table)![VersioningAnnotationNames.LibraryTable].Should().Be(true);
            single.FindEntityType(table)!.FindDeclaredQueryFilter(VersioningQueryFilters.Tenancy).Should().BeNull(table.Name);
        }
    }

    [Fact]
    public void Tenancy_on_a_derived_type_alone_is_refused()
    {
        var build = () => ModelContext.Build(b =>
        {
            b.Entity<Space>();
            b.Entity<SharedSpace>().HasTenant();
        });

        build.Should().Throw<InvalidOperationException>()
            .WithMessage("'SharedSpace' is multi-tenant but its base type 'Space' is not: EF filters a hierarchy at its root*");
    }

    [Fact]
    public void A_TenantId_of_another_type_than_string_is_refused()
    {
        var build = () => ModelContext.Build(b => b.Entity<NumberedSpace>().HasTenant());

        build.Should().Throw<InvalidOperationException>().WithMessage("*TenantId*Int32*String*");
    }

    public class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public class Space
    {
        public int Id { get; set; }
    }

    public class SharedSpace : Space
    {
        public string Name { get; set; } = "";
    }

    [MultiTenant]
    public class AttributedSpace
    {
        public int Id { get; set; }

        public string? TenantId { get; set; }
    }

    public class NumberedSpace
    {
        public int Id { get; set; }

        public int TenantId { get; set; }
    }
}
