using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Metadata;

public class TemporalHistoryModelTest
{
    [Fact]
    public void HasTemporalHistory_adds_shadow_period_properties_and_a_history_entity_type()
    {
        var model = ModelContext.Build(b => b.Entity<Page>().HasTemporalHistory(t => t.ToTable("page_history")));

        var entityType = model.FindEntityType(typeof(Page))!;
        entityType.IsTemporal().Should().BeTrue();
        entityType.FindProperty(TemporalPropertyNames.ValidFrom)!.ClrType.Should().Be<DateTime>();
        entityType.FindProperty(TemporalPropertyNames.Version)!.ClrType.Should().Be<int>();
        entityType.FindProperty(TemporalPropertyNames.Version)!.IsConcurrencyToken.Should().BeTrue();
        entityType.FindProperty(TemporalPropertyNames.ChangedBy)!.Should().Match<IProperty>(p => p.ClrType == typeof(string) && p.IsNullable && p.IsShadowProperty());

        var history = (IEntityType)entityType.FindTemporalHistoryEntityType()!;
        history.HasSharedClrType.Should().BeTrue();
        history.GetTableName().Should().Be("page_history");
        history.GetTemporalHistoryOf().Should().Be(entityType.Name);
        history.GetProperties().Select(p => p.Name).Should().BeEquivalentTo(
            "Id", "ChangedBy", "Title", "ValidFrom", "Version", "ValidTo", "RemovedBy");
        history.FindPrimaryKey()!.Properties.Select(p => p.Name).Should().Equal("Id", "Version");
        history.GetIndexes().Should().ContainSingle().Which.Properties.Select(p => p.Name).Should().Equal("Id", "ValidFrom", "ValidTo");
        history.GetForeignKeys().Should().BeEmpty("history outlives the rows it describes");
    }

    [Fact]
    public void The_attribute_turns_history_on_and_uses_declared_clr_properties_and_its_table_name()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedTemplate>());

        var entityType = model.FindEntityType(typeof(AttributedTemplate))!;
        entityType.IsTemporal().Should().BeTrue();
        entityType.FindProperty(TemporalPropertyNames.ValidFrom)!.IsShadowProperty().Should().BeFalse();
        entityType.FindProperty(TemporalPropertyNames.ValidFrom)!.ClrType.Should().Be<DateTimeOffset>();
        entityType.FindProperty(TemporalPropertyNames.Version)!.IsShadowProperty().Should().BeTrue("Version is not declared");
        var history = entityType.FindTemporalHistoryEntityType()!;
        history.GetTableName().Should().Be("template_versions");
        history.FindProperty(TemporalPropertyNames.ValidTo)!.ClrType.Should().Be<DateTimeOffset>("ValidTo has ValidFrom's type");
    }

    [Fact]
    public void Fluent_configuration_beats_the_attribute()
    {
        var model = ModelContext.Build(b => b.Entity<AttributedTemplate>().HasTemporalHistory(false));

        var entityType = model.FindEntityType(typeof(AttributedTemplate))!;
        entityType.IsTemporal().Should().BeFalse();
        entityType.FindProperty(TemporalPropertyNames.Version).Should().BeNull("the shadow property the attribute added is removed");
        entityType.FindTemporalHistoryEntityType().Should().BeNull();
        model.GetEntityTypes().Should().ContainSingle();
    }

    [Fact]
    public void The_default_history_table_follows_the_entity_table_and_the_naming_convention()
    {
        var plain = ModelContext.Build(b => b.Entity<Page>().ToTable("Pages").HasTemporalHistory());
        var snake = ModelContext.Build(b => b.Entity<Page>().HasTemporalHistory(), o => o.UseSnakeCaseNamingConvention());
        var snakeNamed = ModelContext.Build(b => b.Entity<Page>().HasTemporalHistory(t => t.ToTable("PageArchive", "audit")), o => o.UseSnakeCaseNamingConvention());

        plain.FindEntityType(typeof(Page))!.FindTemporalHistoryEntityType()!.GetTableName().Should().Be("PagesHistory");
        var history = snake.FindEntityType(typeof(Page))!.FindTemporalHistoryEntityType()!;
        history.GetTableName().Should().Be("page_history");
        history.GetProperties().Select(p => p.GetColumnName()).Should().BeEquivalentTo("id", "changed_by", "title", "valid_from", "version", "valid_to", "removed_by");
        var named = snakeNamed.FindEntityType(typeof(Page))!.FindTemporalHistoryEntityType()!;
        named.GetTableName().Should().Be("PageArchive", "a configured name is used as given");
        named.GetSchema().Should().Be("audit");
    }

    [Fact]
    public void History_columns_keep_the_entity_column_facets()
    {
        var model = ModelContext.Build(b => b.Entity<Page>(e =>
        {
            e.HasTemporalHistory();
            e.Property(p => p.Title).HasColumnName("heading").HasMaxLength(80);
        }));

        var title = model.FindEntityType(typeof(Page))!.FindTemporalHistoryEntityType()!.FindProperty(nameof(Page.Title))!;
        title.GetColumnName().Should().Be("heading");
        title.GetMaxLength().Should().Be(80);
        title.IsNullable.Should().BeFalse();
    }

    [Fact]
    public void A_redacted_property_that_cannot_hold_the_mask_is_rejected_naming_it()
    {
        var number = () => ModelContext.Build(b => b.Entity<Page>(p =>
        {
            p.HasTemporalHistory();
            p.Property<int>("Pin").Metadata.SetIsRedacted(true);
        }));
        var text = () => ModelContext.Build(b => b.Entity<Page>(p =>
        {
            p.HasTemporalHistory();
            p.Property<string>("Token").Metadata.SetIsRedacted(true);
        }));

        number.Should().Throw<InvalidOperationException>().WithMessage("'Page.Pin' is [Redacted], and temporal history keeps the redaction mask*");
        text.Should().NotThrow();
    }

    [Fact]
    public void Redacted_properties_left_out_of_the_history_must_be_nullable_and_may_be_of_any_type()
    {
        var required = () => ModelContext.Build(b => b.Entity<Page>(p =>
        {
            p.HasTemporalHistory(t => t.RedactedValues(TemporalRedaction.Exclude));
            p.Property<int>("Pin").Metadata.SetIsRedacted(true);
        }));
        var model = ModelContext.Build(b => b.Entity<Page>(p =>
        {
            p.HasTemporalHistory(t => t.RedactedValues(TemporalRedaction.Exclude));
            p.Property<int?>("Pin").Metadata.SetIsRedacted(true);
        }));

        required.Should().Throw<InvalidOperationException>().WithMessage("The [Redacted] property 'Page.Pin' is left out of the temporal history*Make it nullable*");
        var page = model.FindEntityType(typeof(Page))!;
        page.GetTemporalRedaction().Should().Be(TemporalRedaction.Exclude);
        page.FindTemporalHistoryEntityType()!.FindProperty("Pin").Should().BeNull();
    }

    [Fact]
    public void Temporal_history_on_a_keyless_type_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Page>().HasNoKey().HasTemporalHistory());

        act.Should().Throw<InvalidOperationException>().WithMessage("The entity type 'Page' has no key*temporal history*");
    }

    [Fact]
    public void Temporal_history_on_an_owned_type_is_rejected_naming_the_owner()
    {
        var act = () => ModelContext.Build(b => b.Entity<Book>().OwnsOne(c => c.Cover));

        act.Should().Throw<InvalidOperationException>().WithMessage("*'Cover' is owned by 'Book'*Configure temporal history * on 'Book' instead*");
    }

    [Fact]
    public void A_history_table_that_collides_with_another_table_is_rejected()
    {
        var act = () => ModelContext.Build(b =>
        {
            b.Entity<Page>().HasTemporalHistory(t => t.ToTable("Archive"));
            b.Entity<Book>().ToTable("Archive").Ignore(x => x.Cover);
        });

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "The history table 'Archive' of the temporal entity type 'Page' is also the table of 'Book'*ToTable*");
    }

    [Fact]
    public void Period_properties_of_the_wrong_type_are_rejected_with_a_message_saying_what_to_change()
    {
        var validFrom = () => ModelContext.Build(b => b.Entity<WrongValidFrom>().HasTemporalHistory());
        var version = () => ModelContext.Build(b => b.Entity<WrongVersion>().HasTemporalHistory());

        validFrom.Should().Throw<InvalidOperationException>().WithMessage(
            "The property 'WrongValidFrom.ValidFrom' used by temporal history * has type 'String'; it must be DateTime or DateTimeOffset*");
        version.Should().Throw<InvalidOperationException>().WithMessage(
            "The property 'WrongVersion.Version' used by temporal history * has type 'Int64'; it must be Int32*");
    }

    [Fact]
    public void A_property_named_like_a_history_column_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<WithValidTo>().HasTemporalHistory());

        act.Should().Throw<InvalidOperationException>().WithMessage("*'WithValidTo' uses temporal history*column 'ValidTo'*Rename the property*");
    }

    [Fact]
    public void Temporal_history_in_an_inheritance_hierarchy_is_rejected()
    {
        var act = () => ModelContext.Build(b =>
        {
            b.Entity<Page>().HasTemporalHistory();
            b.Entity<WikiPage>();
        });

        act.Should().Throw<InvalidOperationException>().WithMessage("*'Page' is part of an inheritance hierarchy*");
    }

    [Fact]
    public void The_attribute_on_a_complex_type_is_rejected()
    {
        var act = () => ModelContext.Build(b => b.Entity<Book>().ComplexProperty(x => x.Cover));

        act.Should().Throw<InvalidOperationException>().WithMessage("[TemporalHistory] is on 'Cover'*");
    }

    [Fact]
    public void The_PostgreSQL_plugin_declares_btree_gist()
    {
        using var context = new NpgsqlPagesContext();

        var model = context.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
        Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.PostgresExtension.GetPostgresExtensions(model).Select(e => e.Name).Should().Contain("btree_gist");
    }

    private sealed class NpgsqlPagesContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
            => optionsBuilder.UseNpgsql("Host=unused", npgsql => npgsql.UseVersioning());

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Page>().HasTemporalHistory();
    }

    [TemporalHistory(Table = "template_versions")]
    private sealed class AttributedTemplate
    {
        public int Id { get; set; }

        public DateTimeOffset ValidFrom { get; set; }
    }

    private sealed class WrongValidFrom
    {
        public int Id { get; set; }

        public string ValidFrom { get; set; } = "";
    }

    private sealed class WrongVersion
    {
        public int Id { get; set; }

        public long Version { get; set; }
    }

    private sealed class WithValidTo
    {
        public int Id { get; set; }

        public DateTime ValidTo { get; set; }
    }

    private sealed class Book
    {
        public int Id { get; set; }

        public Cover Cover { get; set; } = new();
    }

    [TemporalHistory]
    private sealed class Cover
    {
        public string Color { get; set; } = "";
    }
}

public class WikiPage : Page
{
    public string Wiki { get; set; } = "";
}

public class Page
{
    public int Id { get; set; }

    public string Title { get; set; } = "";
}
