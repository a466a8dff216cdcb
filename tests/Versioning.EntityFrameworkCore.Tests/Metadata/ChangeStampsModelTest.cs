using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Metadata;

public class ChangeStampsModelTest
{
    [Fact]
    public void HasChangeStamps_adds_four_shadow_properties()
    {
        var model = ModelContext.Build(b => b.Entity<Channel>().HasChangeStamps());

        var entityType = model.FindEntityType(typeof(Channel))!;
        entityType.HasChangeStamps().Should().BeTrue();
        Shape(entityType, ChangeStampPropertyNames.CreatedAt).Should().Be((typeof(DateTime), true));
        Shape(entityType, ChangeStampPropertyNames.CreatedBy).Should().Be((typeof(string), true));
        Shape(entityType, ChangeStampPropertyNames.UpdatedAt).Should().Be((typeof(DateTime), true));
        Shape(entityType, ChangeStampPropertyNames.UpdatedBy).Should().Be((typeof(string), true));
    }

    [Fact]
    public void The_attribute_turns_stamps_on_and_uses_declared_clr_properties()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedStore>());

        var entityType = model.FindEntityType(typeof(AttributedStore))!;
        entityType.HasChangeStamps().Should().BeTrue();
        Shape(entityType, ChangeStampPropertyNames.CreatedAt).Should().Be((typeof(DateTimeOffset), false));
        Shape(entityType, ChangeStampPropertyNames.UpdatedBy).Should().Be((typeof(string), true), "UpdatedBy is not declared");
    }

    [Fact]
    public void Fluent_configuration_beats_the_attribute()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedStore>().HasChangeStamps(false));

        var entityType = model.FindEntityType(typeof(AttributedStore))!;
        entityType.HasChangeStamps().Should().BeFalse();
        entityType.FindProperty(ChangeStampPropertyNames.UpdatedBy).Should().BeNull("the shadow stamps the attribute added are removed");
        entityType.FindProperty(ChangeStampPropertyNames.CreatedAt).Should().NotBeNull("a declared property stays an ordinary property");
    }

    [Fact]
    public void Created_stamps_are_never_written_after_insert()
    {
        var model = ModelContext.Build(b => b.Entity<Channel>().HasChangeStamps());

        var entityType = model.FindEntityType(typeof(Channel))!;
        entityType.FindProperty(ChangeStampPropertyNames.CreatedAt)!.GetAfterSaveBehavior().Should().Be(PropertySaveBehavior.Ignore);
        entityType.FindProperty(ChangeStampPropertyNames.CreatedBy)!.GetAfterSaveBehavior().Should().Be(PropertySaveBehavior.Ignore);
        entityType.FindProperty(ChangeStampPropertyNames.UpdatedAt)!.GetAfterSaveBehavior().Should().Be(PropertySaveBehavior.Save);
    }

    [Fact]
    public void Derived_types_inherit_stamps_from_their_base_type()
    {
        var model = ModelContext.Build(b =>
        {
            b.Entity<Channel>().HasChangeStamps();
            b.Entity<OnlineChannel>();
        });

        model.FindEntityType(typeof(OnlineChannel))!.HasChangeStamps().Should().BeTrue();
    }

    [Fact]
    public void Snake_case_naming_applies_to_the_stamp_columns()
    {
        var model = ModelContext.Build(b => b.Entity<Channel>().HasChangeStamps(), o => o.UseSnakeCaseNamingConvention());

        var entityType = model.FindEntityType(typeof(Channel))!;
        entityType.GetProperties().Select(p => p.GetColumnName()).Should()
            .Contain(["created_at", "created_by", "updated_at", "updated_by"]);
    }

    [Fact]
    public void A_stamp_property_of_the_wrong_type_is_rejected_with_a_message_saying_what_to_change()
    {
        var act = () => ModelContext.Build(b => b.Entity<WrongTypeStore>());

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "The property 'WrongTypeStore.CreatedAt' used by change stamps * has type 'String'; it must be DateTime or DateTime? or DateTimeOffset or DateTimeOffset?*");
    }

    [Fact]
    public void Stamps_on_an_owned_type_are_rejected_naming_the_owner()
    {
        var act = () => ModelContext.Build(b => b.Entity<Customer>().OwnsOne(c => c.Address));

        act.Should().Throw<InvalidOperationException>().WithMessage("*'Address' is owned by 'Customer'*Configure change stamps * on 'Customer' instead*");
    }

    [Fact]
    public void Stamps_on_a_keyless_type_are_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Channel>().HasNoKey().HasChangeStamps());

        act.Should().Throw<InvalidOperationException>().WithMessage("The entity type 'Channel' has no key*");
    }

    [Fact]
    public void The_attribute_on_a_complex_type_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Warehouse>().ComplexProperty(w => w.Location));

        act.Should().Throw<InvalidOperationException>().WithMessage("[ChangeStamps] is on 'StampedLocation', which is mapped as a complex type (in 'Warehouse')*put the attribute on 'Warehouse' instead.");
    }

    private static (Type, bool) Shape(IEntityType entityType, string name)
    {
        var property = entityType.FindProperty(name)!;
        return (property.ClrType, property.IsShadowProperty());
    }

    private class Channel
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    private sealed class OnlineChannel : Channel
    {
        public string Url { get; set; } = "";
    }

    [ChangeStamps]
    private sealed class AttributedStore
    {
        public int Id { get; set; }

        public DateTimeOffset CreatedAt { get; set; }
    }

    [ChangeStamps]
    private sealed class WrongTypeStore
    {
        public int Id { get; set; }

        public string CreatedAt { get; set; } = "";
    }

    private sealed class Customer
    {
        public int Id { get; set; }

        public Address Address { get; set; } = new();
    }

    [ChangeStamps]
    private sealed class Address
    {
        public string Street { get; set; } = "";
    }

    private sealed class Warehouse
    {
        public int Id { get; set; }

        public StampedLocation Location { get; set; } = new();
    }

    [ChangeStamps]
    private sealed class StampedLocation
    {
        public string City { get; set; } = "";
    }
}
