using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using NpgsqlTypes;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Metadata;

public class ActivityLogModelTest
{
    [Fact]
    public void HasActivityLog_maps_the_library_table_with_its_indexes()
    {
        var model = ModelContext.Build(b => b.Entity<Variant>().HasActivityLog());

        model.FindEntityType(typeof(Variant))!.HasActivityLog().Should().BeTrue();
        var log = model.FindEntityType(typeof(ActivityLogEntry))!;
        log.GetTableName().Should().Be("ActivityLogs");
        log.GetSchema().Should().BeNull();
        log.GetProperties().Select(p => p.Name).Should().BeEquivalentTo(
            "Id", "Timestamp", "Action", "ActorId", "EntityType", "EntityId", "ChangedField", "OldValue", "NewValue", "Details",
            "CorrelationId", "Metadata", "TenantId");
        log.FindProperty("Action")!.IsNullable.Should().BeFalse();
        log.FindProperty("ActorId")!.IsNullable.Should().BeTrue();
        log.FindProperty("Id")!.ValueGenerated.Should().Be(ValueGenerated.Never);
        log.GetIndexes().Select(i => string.Join(",", i.Properties.Select(p => p.Name))).Should()
            .BeEquivalentTo("EntityType,EntityId,Timestamp", "Timestamp");
    }

    [Fact]
    public void Snake_case_naming_applies_to_the_log_table_and_its_columns()
    {
        var model = ModelContext.Build(b => b.Entity<Variant>().HasActivityLog(), o => o.UseSnakeCaseNamingConvention());

        var log = model.FindEntityType(typeof(ActivityLogEntry))!;
        log.GetTableName().Should().Be("activity_logs");
        log.GetProperties().Select(p => p.GetColumnName()).Should().Contain(["entity_type", "entity_id", "changed_field", "correlation_id"]);
    }

    [Fact]
    public void The_table_and_schema_are_configurable()
    {
        var model = ModelContext.Build(b =>
        {
            b.Entity<Variant>().HasActivityLog();
            b.ActivityLogTable("audit_log", "audit");
        });

        var log = model.FindEntityType(typeof(ActivityLogEntry))!;
        (log.GetTableName(), log.GetSchema()).Should().Be(("audit_log", "audit"));
    }

    [Fact]
    public void A_model_without_logged_entities_has_no_log_table_even_when_fluent_config_turns_the_attribute_off()
    {
        ModelContext.Build(b => b.Entity<Variant>()).FindEntityType(typeof(ActivityLogEntry)).Should().BeNull();

        var model = ModelContext.Build(b => b.Entity<AttributedVariant>().HasActivityLog(false));
        model.FindEntityType(typeof(AttributedVariant))!.HasActivityLog().Should().BeFalse();
        model.FindEntityType(typeof(ActivityLogEntry)).Should().BeNull();
    }

    [Fact]
    public void Attributes_configure_properties_and_fluent_configuration_beats_them()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedVariant>()
            .HasActivityLog(a => a.Track(v => v.Price, "REPRICED").Redact(v => v.Notes)));

        var entityType = model.FindEntityType(typeof(AttributedVariant))!;
        entityType.HasActivityLog().Should().BeTrue();
        entityType.FindProperty(nameof(AttributedVariant.Price))!.GetActivityAction().Should().Be("REPRICED");
        entityType.FindProperty(nameof(AttributedVariant.Stock))!.GetActivityAction().Should().Be("STOCK_ADJUSTMENT");
        entityType.FindProperty(nameof(AttributedVariant.Iban))!.IsRedacted().Should().BeTrue();
        entityType.FindProperty(nameof(AttributedVariant.Views))!.IsNotVersioned().Should().BeTrue();
        entityType.FindProperty(nameof(AttributedVariant.Notes))!.IsRedacted().Should().BeTrue();
    }

    [Fact]
    public void Retention_is_part_of_the_model()
    {
        var model = ModelContext.Build(b =>
        {
            b.Entity<Variant>().HasActivityLog();
            b.RetainActivityFor(TimeSpan.FromDays(180));
        });

        model.GetActivityLogRetention().Should().Be(TimeSpan.FromDays(180));
        ModelContext.Build(b => b.Entity<Variant>().HasActivityLog()).GetActivityLogRetention().Should().BeNull("the default keeps rows forever");
    }

    [Fact]
    public void Track_on_a_navigation_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Variant>().HasActivityLog(a => a.Track(v => v.Product, "MOVED")));

        act.Should().Throw<InvalidOperationException>().WithMessage("Track on 'Variant.Product' cannot apply: it is a navigation*");
    }

    [Fact]
    public void Track_on_an_unmapped_property_is_rejected()
    {
        var act = () => ModelContext.Build(b =>
        {
            b.Entity<Variant>().Ignore(v => v.Notes);
            b.Entity<Variant>().HasActivityLog(a => a.Track(v => v.Notes, "NOTED"));
        });

        act.Should().Throw<InvalidOperationException>().WithMessage("Track on 'Variant.Notes' cannot apply: it is not a mapped property*");
    }

    [Fact]
    public void The_attribute_on_a_navigation_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<TrackedNavigationVariant>());

        act.Should().Throw<InvalidOperationException>().WithMessage("[TrackActivity] on 'TrackedNavigationVariant.Product' cannot apply: it is a navigation*");
    }

    [Fact]
    public void An_empty_action_name_is_rejected()
    {
        var fluent = () => ModelContext.Build(b => b.Entity<Variant>().HasActivityLog(a => a.Track(v => v.Price, " ")));
        var attribute = () => ModelContext.Build(b => b.Entity<EmptyActionVariant>());

        fluent.Should().Throw<InvalidOperationException>().WithMessage("The activity action of 'Variant.Price' is empty*");
        attribute.Should().Throw<InvalidOperationException>().WithMessage("The activity action of 'EmptyActionVariant.Price' is empty*");
    }

    [Fact]
    public void A_redacted_key_property_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Variant>().HasActivityLog(a => a.Redact(v => v.Id)));

        act.Should().Throw<InvalidOperationException>().WithMessage("'Variant.Id' is part of the primary key and is redacted*");
    }

    [Fact]
    public void A_value_that_cannot_become_text_is_rejected_naming_the_property_unless_it_is_ignored()
    {
        var act = () => NpgsqlModel(b => b.Entity<Location>().HasActivityLog());
        var ignored = () => NpgsqlModel(b => b.Entity<Location>().HasActivityLog(a => a.Ignore(l => l.Point)));

        act.Should().Throw<InvalidOperationException>().WithMessage("The activity log cannot write values of 'Location.Point' (type 'NpgsqlPoint') as text*Ignore(...)*");
        ignored.Should().NotThrow();
    }

    [Fact]
    public void A_value_converter_makes_a_custom_type_loggable()
    {
        var act = () => NpgsqlModel(b => b.Entity<Location>(e =>
        {
            e.HasActivityLog();
            e.Property(l => l.Point).HasConversion(p => $"{p.X};{p.Y}", s => new NpgsqlPoint(0, 0));
        }));

        act.Should().NotThrow();
    }

    [Fact]
    public void The_activity_log_on_an_owned_type_is_rejected_naming_the_owner()
    {
        var act = () => ModelContext.Build(b => b.Entity<Parcel>().OwnsOne(p => p.Dimensions));

        act.Should().Throw<InvalidOperationException>().WithMessage("The entity type 'Dimensions' is owned by 'Parcel'*Configure an activity log * on 'Parcel' instead*");
    }

    private static IModel NpgsqlModel(Action<ModelBuilder> build)
    {
        using var context = new NpgsqlModelContext(build);
        return context.Model;
    }

    private sealed class NpgsqlModelContext(Action<ModelBuilder> build) : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
            => optionsBuilder.UseNpgsql("Host=localhost", n => n.UseVersioning())
                .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, NoModelCache>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => build(modelBuilder);
    }

    private sealed class NoModelCache : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => new();
    }

    private sealed class Product
    {
        public int Id { get; set; }
    }

    private sealed class Variant
    {
        public int Id { get; set; }

        public decimal Price { get; set; }

        public string? Notes { get; set; }

        public Product? Product { get; set; }
    }

    private sealed class Parcel
    {
        public int Id { get; set; }

        public Dimensions Dimensions { get; set; } = new();
    }

    [ActivityLog]
    private sealed class Dimensions
    {
        public int Width { get; set; }
    }

    [ActivityLog]
    private sealed class AttributedVariant
    {
        public int Id { get; set; }

        [TrackActivity("PRICE_CHANGE")]
        public decimal Price { get; set; }

        [TrackActivity("STOCK_ADJUSTMENT")]
        public int Stock { get; set; }

        [Redacted]
        public string Iban { get; set; } = "";

        [NotVersioned]
        public int Views { get; set; }

        public string? Notes { get; set; }
    }

    [ActivityLog]
    private sealed class TrackedNavigationVariant
    {
        public int Id { get; set; }

        [TrackActivity("MOVED")]
        public Product? Product { get; set; }
    }

    [ActivityLog]
    private sealed class EmptyActionVariant
    {
        public int Id { get; set; }

        [TrackActivity("")]
        public decimal Price { get; set; }
    }

    private sealed class Location
    {
        public int Id { get; set; }

        public NpgsqlPoint Point { get; set; }
    }
}
