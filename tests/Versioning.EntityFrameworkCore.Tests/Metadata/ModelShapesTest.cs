using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Metadata;

/// <summary>
/// The model shapes a strategy does not version are refused when the model is built, with a message naming the entity,
/// the shape, the strategy and what to do: owned types, complex collections and JSON complex properties (for the
/// strategies that copy or compare values), and table splitting (for every strategy). Complex properties stored in
/// columns are versioned.
/// </summary>
public class ModelShapesTest
{
    public static TheoryData<string> CopyingStrategies() => ["temporal history", "audit trail", "activity log", "change stamps"];

    public static TheoryData<string> AllStrategies() => ["temporal history", "audit trail", "activity log", "change stamps", "soft delete"];

    [Theory]
    [MemberData(nameof(CopyingStrategies))]
    public void An_owned_type_of_a_versioned_entity_is_refused_pointing_to_complex_properties(string strategy)
    {
        var act = () => ModelContext.Build(b => Use(b.Entity<House>(), strategy).OwnsOne(h => h.Home));

        act.Should().Throw<InvalidOperationException>().WithMessage(
            $"The entity type 'House' uses *{strategy}*, but it owns 'Address' through 'Home' (OwnsOne/OwnsMany)*Map 'Home' as a complex property (ComplexProperty)*");
    }

    [Theory]
    [MemberData(nameof(CopyingStrategies))]
    public void An_owned_collection_of_a_versioned_entity_is_refused(string strategy)
    {
        var act = () => ModelContext.Build(b => Use(b.Entity<House>(), strategy).Ignore(h => h.Home).OwnsMany(h => h.Rooms));

        act.Should().Throw<InvalidOperationException>().WithMessage($"*'House' uses *{strategy}*, but it owns 'Room' through 'Rooms'*");
    }

    [Theory]
    [MemberData(nameof(CopyingStrategies))]
    public void A_complex_property_mapped_to_json_is_refused(string strategy)
    {
        var act = () => ModelContext.Build(b => Use(b.Entity<House>(), strategy).Ignore(h => h.Rooms).ComplexProperty(h => h.Home, c => c.ToJson()));

        act.Should().Throw<InvalidOperationException>().WithMessage(
            $"The entity type 'House' uses *{strategy}*, but its complex property 'Home' is a collection or is mapped to a JSON column*");
    }

    [Theory]
    [MemberData(nameof(CopyingStrategies))]
    public void A_complex_collection_is_refused(string strategy)
    {
        var act = () => ModelContext.Build(b => Use(b.Entity<House>(), strategy).Ignore(h => h.Home).ComplexCollection(h => h.Rooms, c => c.ToJson()));

        act.Should().Throw<InvalidOperationException>().WithMessage($"*'House' uses *{strategy}*, but its complex property 'Rooms'*");
    }

    [Theory]
    [MemberData(nameof(AllStrategies))]
    public void Table_splitting_with_a_versioned_entity_is_refused(string strategy)
    {
        var act = () => ModelContext.Build(b =>
        {
            Use(b.Entity<House>(), strategy).Ignore(h => h.Rooms).ToTable("Houses").ComplexProperty(h => h.Home);
            b.Entity<HouseDetails>().ToTable("Houses").HasOne<House>().WithOne().HasForeignKey<HouseDetails>(d => d.Id);
        });

        act.Should().Throw<InvalidOperationException>().WithMessage(
            $"*'House' uses *{strategy}*, but its table 'Houses' is also mapped to 'HouseDetails' (table splitting)*");
    }

    [Theory]
    [MemberData(nameof(AllStrategies))]
    public void Complex_properties_stored_in_columns_are_accepted(string strategy)
    {
        var act = () => ModelContext.Build(b => Use(b.Entity<House>(), strategy).Ignore(h => h.Rooms).ComplexProperty(h => h.Home, c => c.ComplexProperty(a => a.Geo)));

        act.Should().NotThrow();
    }

    [Fact]
    public void The_history_table_has_the_columns_of_nested_complex_properties()
    {
        var model = ModelContext.Build(b => b.Entity<House>().HasTemporalHistory().Ignore(h => h.Rooms)
            .ComplexProperty(h => h.Home, c => c.IsRequired(false).ComplexProperty(a => a.Geo)));

        var history = model.GetEntityTypes().Single(e => e.Name.EndsWith("$TemporalHistory", StringComparison.Ordinal));
        var table = StoreObjectIdentifier.Table(history.GetTableName()!, history.GetSchema());
        history.GetProperty("Home.City").GetColumnName(table).Should().Be("Home_City");
        history.GetProperty("Home.Geo.Latitude").GetColumnName(table).Should().Be("Home_Geo_Latitude");
        history.GetProperty("Home.City").IsNullable.Should().BeTrue("the complex property is optional");
    }

    [Theory]
    [MemberData(nameof(AllStrategies))]
    public void A_foreign_key_into_a_versioned_table_cascades_in_EF_only(string strategy)
    {
        var model = ModelContext.Build(b =>
        {
            Use(b.Entity<House>(), strategy).Ignore(h => h.Rooms).ComplexProperty(h => h.Home);
            b.Entity<House>().HasOne<Street>().WithMany().HasForeignKey("StreetId").IsRequired();
            b.Entity<House>().HasOne<Street>().WithMany().HasForeignKey("CornerStreetId").IsRequired(false).OnDelete(DeleteBehavior.SetNull);
        });

        var house = model.FindEntityType(typeof(House))!;
        var expected = strategy == "change stamps" ? DeleteBehavior.Cascade : DeleteBehavior.ClientCascade;
        var street = house.FindForeignKeys(house.GetProperty("StreetId")).Single();
        street.DeleteBehavior.Should().Be(expected, "deleting a stamped row needs no versioning");
        street.GetMappedConstraints().Single().OnDeleteAction.Should().Be(
            strategy == "change stamps" ? ReferentialAction.Cascade : ReferentialAction.NoAction, "what migrations create");
        house.FindForeignKeys(house.GetProperty("CornerStreetId")).Single().DeleteBehavior.Should().Be(DeleteBehavior.SetNull, "the application configured it");
    }

    private static EntityTypeBuilder<House> Use(EntityTypeBuilder<House> house, string strategy) => strategy switch
    {
        "temporal history" => house.HasTemporalHistory(),
        "audit trail" => house.HasAuditTrail(),
        "activity log" => house.HasActivityLog(),
        "change stamps" => house.HasChangeStamps(),
        _ => house.HasSoftDelete(),
    };

    public class Geo
    {
        public double Latitude { get; set; }
    }

    public class Address
    {
        public string City { get; set; } = "";

        public Geo Geo { get; set; } = new();
    }

    public class Room
    {
        public string Name { get; set; } = "";
    }

    public class House
    {
        public int Id { get; set; }

        public DateTime ValidFrom { get; set; }

        public int Version { get; set; }

        public Address Home { get; set; } = new();

        public List<Room> Rooms { get; set; } = [];
    }

    public class Street
    {
        public int Id { get; set; }
    }

    public class HouseDetails
    {
        public int Id { get; set; }

        public string? Notes { get; set; }
    }
}
