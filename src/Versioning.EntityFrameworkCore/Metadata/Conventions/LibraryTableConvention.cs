using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Maps one of the library's own tables (its CLR type <paramref name="clrType"/>: the activity log, the change event
/// outbox) into the application's model as soon as one entity type switches on the strategy that writes it (the entity
/// type annotation <paramref name="strategyAnnotation"/> set to <see langword="true"/>), so migrations and <c>EnsureCreated</c>
/// create it; names its table <paramref name="defaultTableName"/> before the application's naming convention runs (so
/// snake_case rewrites it); has Versioning assign its key; lets the strategy shape it (<see cref="Configure"/>); and
/// takes it out again when no entity type uses the strategy any more and the application did not map it itself. Marks it
/// with <see cref="VersioningAnnotationNames.LibraryTable"/>.
/// </summary>
/// <remarks>
/// The strategy adds it first among entity-type-added conventions, so a naming convention that rewrites table names when
/// a type is added sees the default name, and first among finalizing ones, so the table's indexes are named and
/// validated like the application's own.
/// </remarks>
internal abstract class LibraryTableConvention(Type clrType, string strategyAnnotation, string defaultTableName, string keyProperty)
    : IEntityTypeAnnotationChangedConvention, IEntityTypeAddedConvention, IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessEntityTypeAnnotationChanged(
        IConventionEntityTypeBuilder entityTypeBuilder,
        string name,
        IConventionAnnotation? annotation,
        IConventionAnnotation? oldAnnotation,
        IConventionContext<IConventionAnnotation> context)
    {
        if (name == strategyAnnotation && annotation?.Value is true)
        {
            // Data-annotation precedence: EF's model cleanup removes convention-added types no navigation reaches.
            entityTypeBuilder.ModelBuilder.Entity(clrType, fromDataAnnotation: true);
        }
    }

    /// <inheritdoc />
    public void ProcessEntityTypeAdded(IConventionEntityTypeBuilder entityTypeBuilder, IConventionContext<IConventionEntityTypeBuilder> context)
    {
        if (entityTypeBuilder.Metadata.ClrType == clrType)
        {
            entityTypeBuilder.ToTable(defaultTableName);
        }
    }

    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var table = modelBuilder.Metadata.FindEntityType(clrType);
        if (table == null)
        {
            return;
        }

        if (table.GetConfigurationSource() != ConfigurationSource.Explicit
            && !modelBuilder.Metadata.GetEntityTypes().Any(t => t.FindAnnotation(strategyAnnotation)?.Value is true))
        {
            modelBuilder.HasNoEntityType(table, fromDataAnnotation: true);
            return;
        }

        table.Builder.HasAnnotation(VersioningAnnotationNames.LibraryTable, true, fromDataAnnotation: true);

        // Versioning assigns the key itself (a version 7 UUID of the save's time): no round trip back.
        table.FindProperty(keyProperty)?.Builder.ValueGenerated(ValueGenerated.Never, fromDataAnnotation: true);
        Configure(table.Builder);
    }

    /// <summary>Shapes the table once the model is complete (its indexes).</summary>
    protected abstract void Configure(IConventionEntityTypeBuilder table);
}
