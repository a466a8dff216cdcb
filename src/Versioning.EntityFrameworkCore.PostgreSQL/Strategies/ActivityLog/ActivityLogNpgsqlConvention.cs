using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ActivityLog;

/// <summary>
/// Stores the activity log's <see cref="ActivityLogEntry.Metadata"/> as <c>jsonb</c>, so it can be queried and indexed as
/// JSON; and gives each enum stored as its number of an entity type with log capture its members' names
/// (<see cref="VersioningNpgsqlAnnotationNames.EnumNames"/>), so that the triggers a migration builds from its own model
/// (where such a field is a number) log the names, as SaveChanges does.
/// </summary>
internal sealed class ActivityLogNpgsqlConvention : IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        modelBuilder.Metadata.FindEntityType(typeof(ActivityLogEntry))?.FindProperty(nameof(ActivityLogEntry.Metadata))?.Builder
            .HasColumnType("jsonb");

        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes().Where(ActivityLogNpgsqlStrategy.IsCaptured))
        {
            foreach (var property in ComplexMembers.RowPropertiesOf<IConventionProperty>(entityType))
            {
                var clrType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (clrType.IsEnum
                    && (property.GetValueConverter()?.ProviderClrType ?? property.GetProviderClrType()) != typeof(string)
                    && ActivitySqlText.EnumMembers(clrType) is { } members)
                {
                    property.Builder.HasAnnotation(VersioningNpgsqlAnnotationNames.EnumNames, members);
                }
            }
        }
    }
}
