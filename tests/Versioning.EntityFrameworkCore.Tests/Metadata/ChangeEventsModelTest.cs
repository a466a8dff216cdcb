using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies.ChangeEvents;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Metadata;

public class ChangeEventsModelTest
{
    [Fact]
    public void An_entity_with_change_events_gets_a_stream_version_concurrency_token_and_the_model_an_outbox()
    {
        var model = ModelContext.Build(b => b.Entity<Order>().HasChangeEvents());

        var version = model.FindEntityType(typeof(Order))!.FindProperty("StreamVersion")!;
        (version.ClrType, version.IsShadowProperty(), version.IsConcurrencyToken).Should().Be((typeof(long), true, true));

        var outbox = model.FindEntityType(typeof(ChangeEvent))!;
        outbox.GetTableName().Should().Be("ChangeEvents");
        outbox.GetIndexes().Should().Contain(i => i.IsUnique
            && i.Properties.Select(p => p.Name).SequenceEqual(new[] { "StreamType", "StreamId", "StreamVersion" }));
        outbox.FindProperty(nameof(ChangeEvent.Id))!.ValueGenerated.Should().Be(ValueGenerated.Never);
    }

    [Fact]
    public void The_attribute_configures_change_events_and_a_declared_stream_version_is_used()
    {
        var model = ModelContext.Build(b => b.Entity<Account>());

        var entityType = model.FindEntityType(typeof(Account))!;
        entityType.HasChangeEvents().Should().BeTrue();
        entityType.FindProperty("StreamVersion")!.IsShadowProperty().Should().BeFalse();
    }

    [Fact]
    public void Without_change_events_there_is_no_outbox()
        => ModelContext.Build(b => b.Entity<Order>()).FindEntityType(typeof(ChangeEvent)).Should().BeNull();

    [Theory]
    [InlineData("audit")]
    [InlineData("replace")]
    public void Change_events_with_a_strategy_that_writes_updates_under_new_keys_are_rejected(string other)
    {
        var act = () => ModelContext.Build(b =>
        {
            var order = b.Entity<Order>().HasChangeEvents();
            if (other == "audit")
            {
                order.HasAuditTrail();
            }
            else
            {
                order.HasSoftDelete(s => s.ReplaceOnUpdate());
            }
        });

        act.Should().Throw<InvalidOperationException>().WithMessage("The entity type 'Order' uses both change events * which the second replaces on every update*");
    }

    [Fact]
    public void A_new_event_leaves_the_relays_columns_to_their_defaults_and_the_insert_does_not_send_them()
    {
        using var db = new ModelContext(b => b.Entity<Order>().HasChangeEvents());
        var outbox = db.Model.FindEntityType(typeof(ChangeEvent))!;

        (outbox.FindProperty(nameof(ChangeEvent.Status))!.GetDefaultValue(), outbox.FindProperty(nameof(ChangeEvent.Attempts))!.GetDefaultValue())
            .Should().Be((ChangeEventStatus.Pending, 0));
        var table = ChangeEventTable.For(db);
        table.Layout.Columns.Select(c => c.Name).Should().NotIntersectWith(
            [nameof(ChangeEvent.Status), nameof(ChangeEvent.Attempts), nameof(ChangeEvent.LastError), nameof(ChangeEvent.DeliveredAt)]);
        (table.Status, table.Attempts).Should().Be((-1, -1));
    }

    [Fact]
    public void A_relay_column_the_application_mapped_without_the_starting_default_is_written_by_the_insert()
    {
        using var db = new ModelContext(b =>
        {
            b.Entity<Order>().HasChangeEvents();
            b.Entity<ChangeEvent>().Property(e => e.Attempts).HasDefaultValue(7);
            b.Entity<ChangeEvent>().Property(e => e.LastError).IsRequired().HasDefaultValue("none");
        });

        var table = ChangeEventTable.For(db);
        table.Layout.Columns.Select(c => c.Name).Should().Contain([nameof(ChangeEvent.Attempts), nameof(ChangeEvent.LastError)])
            .And.NotContain([nameof(ChangeEvent.Status), nameof(ChangeEvent.DeliveredAt)]);
        table.Attempts.Should().Be(table.Layout.PositionOf(nameof(ChangeEvent.Attempts)));
    }

    [Fact]
    public void A_stream_version_of_another_type_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Order>().HasChangeEvents().Property<string>("StreamVersion"));

        act.Should().Throw<InvalidOperationException>().WithMessage("*StreamVersion*");
    }

    private sealed class Order
    {
        public int Id { get; set; }

        public string Customer { get; set; } = "";
    }

    [ChangeEvents]
    private sealed class Account
    {
        public int Id { get; set; }

        public long StreamVersion { get; set; }
    }
}
