using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Metadata;

public class AuditTrailModelTest
{
    [Fact]
    public void HasAuditTrail_adds_shadow_revision_properties_soft_delete_and_the_current_revision_filter()
    {
        var model = ModelContext.Build(b => b.Entity<Organization>().HasAuditTrail());

        var entityType = model.FindEntityType(typeof(Organization))!;
        entityType.HasAuditTrail().Should().BeTrue();
        entityType.IsSoftDeletable().Should().BeTrue("an audit-trail entity is deleted by soft-deleting its current revision");
        Shape(entityType, AuditTrailPropertyNames.Revision).Should().Be((typeof(int), true));
        Shape(entityType, AuditTrailPropertyNames.IsCurrent).Should().Be((typeof(bool), true));
        Shape(entityType, AuditTrailPropertyNames.RootId).Should().Be((typeof(int?), true));
        Shape(entityType, AuditTrailPropertyNames.ModifiedBy).Should().Be((typeof(string), true));
        Shape(entityType, SoftDeletePropertyNames.DeletedAt).Should().Be((typeof(DateTime?), true));
        entityType.FindProperty(AuditTrailPropertyNames.IsCurrent)!.IsConcurrencyToken.Should().BeTrue();
        entityType.GetIndexes().Should().Contain(i => i.Properties.Single().Name == AuditTrailPropertyNames.RootId && !i.IsUnique);
        entityType.FindProperty(AuditTrailPropertyNames.FamilyId).Should().BeNull("the family column is PostgreSQL's");
        entityType.FindDeclaredQueryFilter(VersioningQueryFilters.AuditTrail)!.Expression!.ToString()
            .Should().Be("e => Property(e, \"IsCurrent\")");
        entityType.FindDeclaredQueryFilter(VersioningQueryFilters.SoftDelete).Should().NotBeNull("both filters compose");
    }

    [Fact]
    public void The_attribute_configures_the_audit_trail_and_uses_declared_properties()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedAddress>());

        var entityType = model.FindEntityType(typeof(AttributedAddress))!;
        entityType.HasAuditTrail().Should().BeTrue();
        Shape(entityType, AuditTrailPropertyNames.Revision).Should().Be((typeof(int), false));
        Shape(entityType, AuditTrailPropertyNames.RootId).Should().Be((typeof(Guid?), false));
        Shape(entityType, AuditTrailPropertyNames.ModifiedBy).Should().Be((typeof(string), true), "ModifiedBy is not declared");
    }

    [Fact]
    public void Fluent_configuration_beats_the_attribute_and_removes_what_the_attribute_added()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedAddress>().HasAuditTrail(false));

        var entityType = model.FindEntityType(typeof(AttributedAddress))!;
        entityType.HasAuditTrail().Should().BeFalse();
        entityType.IsSoftDeletable().Should().BeFalse("the soft delete the audit trail switched on goes with it");
        entityType.FindProperty(AuditTrailPropertyNames.ModifiedBy).Should().BeNull();
        entityType.FindDeclaredQueryFilter(VersioningQueryFilters.AuditTrail).Should().BeNull();
    }

    [Fact]
    public void An_explicit_soft_delete_with_retention_is_kept()
    {
        var model = ModelContext.Build(b => b.Entity<Organization>().HasAuditTrail().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30))));

        model.FindEntityType(typeof(Organization))!.GetSoftDeletePurgeAfter().Should().Be(TimeSpan.FromDays(30));
    }

    [Fact]
    public void Audit_trail_with_replace_on_update_is_rejected_naming_the_entity_and_both_strategies()
    {
        var act = () => ModelContext.Build(b => b.Entity<Organization>().HasAuditTrail().HasSoftDelete(s => s.ReplaceOnUpdate()));

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("The entity type 'Organization' uses both audit trail (HasAuditTrail / [AuditTrail]) and soft delete with new record*");
    }

    [Fact]
    public void Audit_trail_with_temporal_history_is_rejected_naming_the_entity_and_both_strategies()
    {
        var act = () => ModelContext.Build(b => b.Entity<Organization>().HasAuditTrail().HasTemporalHistory());

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("The entity type 'Organization' uses both audit trail (HasAuditTrail / [AuditTrail]) and temporal history*only one*");
    }

    [Fact]
    public void Audit_trail_with_the_activity_log_is_accepted_its_log_following_the_family()
    {
        var model = ModelContext.Build(b => b.Entity<Organization>().HasAuditTrail().HasActivityLog());

        var entityType = model.FindEntityType(typeof(Organization))!;
        entityType.HasAuditTrail().Should().BeTrue();
        entityType.HasActivityLog().Should().BeTrue();
    }

    [Fact]
    public void Audit_trail_with_soft_delete_turned_off_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Organization>().HasAuditTrail().HasSoftDelete(false));

        act.Should().Throw<InvalidOperationException>().WithMessage("*'Organization' uses audit trail*HasSoftDelete(false)*");
    }

    [Fact]
    public void A_composite_key_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Organization>(e =>
        {
            e.HasKey(o => new { o.Id, o.Name });
            e.HasAuditTrail();
        }));

        act.Should().Throw<InvalidOperationException>().WithMessage("*'Organization' uses audit trail*not a single generated property*");
    }

    [Fact]
    public void A_key_that_is_never_generated_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Organization>(e =>
        {
            e.Property(o => o.Id).ValueGeneratedNever();
            e.HasAuditTrail();
        }));

        act.Should().Throw<InvalidOperationException>().WithMessage("*'Organization' uses audit trail*single generated property*");
    }

    [Fact]
    public void A_clr_Revision_of_the_wrong_type_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<WrongRevision>().HasAuditTrail());

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("The property 'WrongRevision.Revision' used by audit trail (HasAuditTrail / [AuditTrail]) has type 'string'; it must be int*");
    }

    [Fact]
    public void A_derived_type_under_a_root_without_audit_trail_is_rejected()
    {
        var act = () => ModelContext.Build(b =>
        {
            b.Entity<Organization>();
            b.Entity<Subsidiary>().HasAuditTrail();
        });

        act.Should().Throw<InvalidOperationException>().WithMessage("*'Subsidiary' uses audit trail but the root*'Organization'*");
    }

    [Fact]
    public void The_attribute_on_a_complex_type_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<WithComplex>().ComplexProperty(w => w.Details));

        act.Should().Throw<InvalidOperationException>().WithMessage("*AuditTrail] is on 'AuditedDetails'*complex type*");
    }

    [Fact]
    public void Snake_case_names_the_columns()
    {
        var model = ModelContext.Build(b => b.Entity<Organization>().HasAuditTrail(), o => o.UseSnakeCaseNamingConvention());

        var entityType = model.FindEntityType(typeof(Organization))!;
        entityType.FindProperty(AuditTrailPropertyNames.IsCurrent)!.GetColumnName().Should().Be("is_current");
        entityType.FindProperty(AuditTrailPropertyNames.RootId)!.GetColumnName().Should().Be("root_id");
        entityType.FindProperty(AuditTrailPropertyNames.ModifiedBy)!.GetColumnName().Should().Be("modified_by");
    }

    private static (Type, bool) Shape(IEntityType entityType, string name)
    {
        var property = entityType.FindProperty(name)!;
        return (property.ClrType, property.IsShadowProperty());
    }

    private class Organization
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    private sealed class Subsidiary : Organization
    {
        public string Parent { get; set; } = "";
    }

    [AuditTrail]
    private sealed class AttributedAddress
    {
        public Guid Id { get; set; }

        public int Revision { get; set; }

        public Guid? RootId { get; set; }
    }

    private sealed class WrongRevision
    {
        public int Id { get; set; }

        public string Revision { get; set; } = "";
    }

    [AuditTrail]
    private sealed class AuditedDetails
    {
        public string Text { get; set; } = "";
    }

    private sealed class WithComplex
    {
        public int Id { get; set; }

        public AuditedDetails Details { get; set; } = new();
    }
}
