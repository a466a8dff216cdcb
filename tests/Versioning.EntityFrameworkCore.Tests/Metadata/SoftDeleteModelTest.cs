using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Metadata;

public class SoftDeleteModelTest
{
    [Fact]
    public void HasSoftDelete_adds_shadow_flags_and_the_named_query_filter()
    {
        var model = ModelContext.Build(b => b.Entity<Email>().HasSoftDelete());

        var entityType = model.FindEntityType(typeof(Email))!;
        entityType.IsSoftDeletable().Should().BeTrue();
        Shape(entityType, SoftDeletePropertyNames.IsDeleted).Should().Be((typeof(bool), true));
        Shape(entityType, SoftDeletePropertyNames.DeletedAt).Should().Be((typeof(DateTime?), true));
        Shape(entityType, SoftDeletePropertyNames.DeletedBy).Should().Be((typeof(string), true));
        Shape(entityType, SoftDeletePropertyNames.DeletedReason).Should().Be((typeof(string), true));
        entityType.FindProperty(SoftDeletePropertyNames.PurgeAt).Should().BeNull("no retention is configured");
        entityType.FindProperty(SoftDeletePropertyNames.ReplacesId).Should().BeNull();
        entityType.FindProperty(SoftDeletePropertyNames.IsDeleted)!.GetDefaultValue().Should().Be(false);
        var filter = entityType.FindDeclaredQueryFilter(VersioningQueryFilters.SoftDelete)!;
        filter.Expression!.ToString().Should().Be("e => Not(Property(e, \"IsDeleted\"))");
    }

    [Fact]
    public void PurgeAfter_adds_the_purge_date()
    {
        var model = ModelContext.Build(b => b.Entity<Email>().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30))));

        var entityType = model.FindEntityType(typeof(Email))!;
        entityType.GetSoftDeletePurgeAfter().Should().Be(TimeSpan.FromDays(30));
        Shape(entityType, SoftDeletePropertyNames.PurgeAt).Should().Be((typeof(DateTime?), true));
    }

    [Fact]
    public void A_retention_that_is_not_positive_is_refused()
    {
        var act = () => ModelContext.Build(b => b.Entity<Email>().HasSoftDelete(s => s.PurgeAfter(TimeSpan.Zero)));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ReplaceOnUpdate_adds_ReplacesId_of_the_key_type()
    {
        var model = ModelContext.Build(b => b.Entity<Email>().HasSoftDelete(s => s.ReplaceOnUpdate()));

        var entityType = model.FindEntityType(typeof(Email))!;
        entityType.IsSoftDeleteReplaceOnUpdate().Should().BeTrue();
        Shape(entityType, SoftDeletePropertyNames.ReplacesId).Should().Be((typeof(int?), true));
    }

    [Fact]
    public void The_attribute_configures_retention_and_replacement_and_uses_declared_properties()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedTag>());

        var entityType = model.FindEntityType(typeof(AttributedTag))!;
        entityType.GetSoftDeletePurgeAfter().Should().Be(TimeSpan.FromDays(7));
        entityType.IsSoftDeleteReplaceOnUpdate().Should().BeTrue();
        Shape(entityType, SoftDeletePropertyNames.IsDeleted).Should().Be((typeof(bool), false));
        Shape(entityType, SoftDeletePropertyNames.ReplacesId).Should().Be((typeof(Guid?), false));
        Shape(entityType, SoftDeletePropertyNames.DeletedBy).Should().Be((typeof(string), true), "DeletedBy is not declared");
    }

    [Fact]
    public void Fluent_configuration_beats_the_attribute()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedTag>().HasSoftDelete(false));

        var entityType = model.FindEntityType(typeof(AttributedTag))!;
        entityType.IsSoftDeletable().Should().BeFalse();
        entityType.IsSoftDeleteReplaceOnUpdate().Should().BeFalse();
        entityType.FindProperty(SoftDeletePropertyNames.DeletedBy).Should().BeNull("the shadow flags the attribute added are removed");
        entityType.FindDeclaredQueryFilter(VersioningQueryFilters.SoftDelete).Should().BeNull();
    }

    [Fact]
    public void The_soft_delete_filter_sits_beside_the_applications_named_filters()
    {
        var model = ModelContext.Build(b => b.Entity<Email>(e =>
        {
            e.HasSoftDelete();
            e.HasQueryFilter("Tenant", x => x.Address != "");
        }));

        model.FindEntityType(typeof(Email))!.GetDeclaredQueryFilters().Select(f => f.Key)
            .Should().BeEquivalentTo([VersioningQueryFilters.SoftDelete, "Tenant"]);
    }

    [Fact]
    public void Derived_types_inherit_soft_delete_and_the_root_carries_the_filter()
    {
        var model = ModelContext.Build(b =>
        {
            b.Entity<Email>().HasSoftDelete();
            b.Entity<WorkEmail>();
        });

        var derived = model.FindEntityType(typeof(WorkEmail))!;
        derived.IsSoftDeletable().Should().BeTrue();
        derived.GetDeclaredQueryFilters().Should().BeEmpty();
        derived.GetRootType().FindDeclaredQueryFilter(VersioningQueryFilters.SoftDelete).Should().NotBeNull();
    }

    [Fact]
    public void Soft_delete_on_a_derived_type_under_a_plain_root_is_rejected()
    {
        var act = () => ModelContext.Build(b =>
        {
            b.Entity<Email>();
            b.Entity<WorkEmail>().HasSoftDelete();
        });

        act.Should().Throw<InvalidOperationException>().WithMessage("*'WorkEmail' uses soft delete but the root of its hierarchy, 'Email', does not*");
    }

    [Fact]
    public void ReplaceOnUpdate_without_a_generated_key_is_rejected_naming_the_entity()
    {
        var act = () => ModelContext.Build(b => b.Entity<Email>(e =>
        {
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasSoftDelete(s => s.ReplaceOnUpdate());
        }));

        act.Should().Throw<InvalidOperationException>().WithMessage("The entity type 'Email' uses soft delete with new record*single generated property*");
    }

    [Fact]
    public void ReplaceOnUpdate_on_an_entity_with_an_owned_type_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Mailbox>(m =>
        {
            m.HasSoftDelete(s => s.ReplaceOnUpdate());
            m.Ignore(x => x.Owner);
            m.OwnsOne(x => x.Address);
        }));

        act.Should().Throw<InvalidOperationException>().WithMessage("*'Mailbox' uses soft delete with new record*owns '*PostalAddress'*");
    }

    [Fact]
    public void A_flag_of_the_wrong_type_is_rejected_with_a_message_saying_what_to_change()
    {
        var act = () => ModelContext.Build(b => b.Entity<WrongFlag>());

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "The property 'WrongFlag.IsDeleted' used by soft delete * has type 'Int32'; it must be Boolean*");
    }

    [Fact]
    public void The_attribute_on_a_complex_type_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Mailbox>().ComplexProperty(m => m.Owner));

        act.Should().Throw<InvalidOperationException>().WithMessage("[SoftDelete] is on 'SoftOwner', which is mapped as a complex type (in 'Mailbox')*");
    }

    [Fact]
    public void Snake_case_naming_applies_to_the_soft_delete_columns()
    {
        var model = ModelContext.Build(
            b => b.Entity<Email>().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(1)).ReplaceOnUpdate()),
            o => o.UseSnakeCaseNamingConvention());

        model.FindEntityType(typeof(Email))!.GetProperties().Select(p => p.GetColumnName()).Should()
            .Contain(["is_deleted", "deleted_at", "deleted_by", "deleted_reason", "purge_at", "replaces_id"]);
    }

    private static (Type, bool) Shape(IEntityType entityType, string name)
    {
        var property = entityType.FindProperty(name)!;
        return (property.ClrType, property.IsShadowProperty());
    }

    private class Email
    {
        public int Id { get; set; }

        public string Address { get; set; } = "";
    }

    private sealed class WorkEmail : Email
    {
        public string Department { get; set; } = "";
    }

    [SoftDelete(PurgeAfterDays = 7, ReplaceOnUpdate = true)]
    private sealed class AttributedTag
    {
        public Guid Id { get; set; }

        public bool IsDeleted { get; set; }

        public Guid? ReplacesId { get; set; }
    }

    [SoftDelete]
    private sealed class WrongFlag
    {
        public int Id { get; set; }

        public int IsDeleted { get; set; }
    }

    private sealed class Mailbox
    {
        public int Id { get; set; }

        public SoftOwner Owner { get; set; } = new();

        public PostalAddress Address { get; set; } = new();
    }

    private sealed class PostalAddress
    {
        public string Street { get; set; } = "";
    }

    [SoftDelete]
    private sealed class SoftOwner
    {
        public string Name { get; set; } = "";
    }
}
