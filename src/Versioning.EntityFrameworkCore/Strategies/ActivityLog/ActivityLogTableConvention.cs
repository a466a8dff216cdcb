using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Maps the library's <see cref="ActivityLogEntry"/> (table <c>ActivityLogs</c>) as soon as one entity type keeps an
/// activity log (<see cref="LibraryTableConvention"/>), and indexes it for the log's queries.
/// </summary>
internal sealed class ActivityLogTableConvention()
    : LibraryTableConvention(typeof(ActivityLogEntry), VersioningAnnotationNames.ActivityLog, DefaultTableName, nameof(ActivityLogEntry.Id))
{
    /// <summary>The default table name, before the application's naming convention.</summary>
    public const string DefaultTableName = "ActivityLogs";

    /// <inheritdoc />
    protected override void Configure(IConventionEntityTypeBuilder table)
    {
        // The log is read per entity, newest first, and purged by age.
        table.HasIndex([nameof(ActivityLogEntry.EntityType), nameof(ActivityLogEntry.EntityId), nameof(ActivityLogEntry.Timestamp)]);
        table.HasIndex([nameof(ActivityLogEntry.Timestamp)]);
    }
}
