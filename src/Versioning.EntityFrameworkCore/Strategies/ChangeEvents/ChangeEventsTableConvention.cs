using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// Maps the library's <see cref="ChangeEvent"/> (the outbox, table <c>ChangeEvents</c>) as soon as one entity type writes
/// change events (<see cref="LibraryTableConvention"/>), makes a stream's versions unique, indexes it for the relay and
/// gives the relay's counters the values a new event starts with as column defaults, so an event's insert leaves them out
/// (<see cref="ChangeEventTable"/>).
/// </summary>
internal sealed class ChangeEventsTableConvention()
    : LibraryTableConvention(typeof(ChangeEvent), VersioningAnnotationNames.ChangeEvents, DefaultTableName, nameof(ChangeEvent.Id))
{
    /// <summary>The default table name, before the application's naming convention.</summary>
    public const string DefaultTableName = "ChangeEvents";

    /// <inheritdoc />
    protected override void Configure(IConventionEntityTypeBuilder table)
    {
        // A stream's versions are gapless and unique: the database refuses a second event with a version already written
        // (a writer that bypassed the entity's concurrency token), and the relay finds a stream's earlier events by it.
        table.HasIndex([nameof(ChangeEvent.StreamType), nameof(ChangeEvent.StreamId), nameof(ChangeEvent.StreamVersion)], fromDataAnnotation: true)
            ?.IsUnique(true, fromDataAnnotation: true);

        // The relay claims the pending events that are due.
        table.HasIndex([nameof(ChangeEvent.Status), nameof(ChangeEvent.NextAttemptAt)], fromDataAnnotation: true);

        // A new event is pending and not attempted yet: the database writes that, the insert sends two values fewer.
        table.Property(typeof(ChangeEventStatus), nameof(ChangeEvent.Status))?.HasDefaultValue(ChangeEventStatus.Pending);
        table.Property(typeof(int), nameof(ChangeEvent.Attempts))?.HasDefaultValue(0);
    }
}
