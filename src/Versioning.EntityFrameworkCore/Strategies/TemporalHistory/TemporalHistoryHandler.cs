using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Writes temporal history: an insert starts version 1 at the save's time; an update copies the old values (EF's
/// original values, no extra query) to a history row whose period is [old ValidFrom, now) and starts the next
/// version at now; a delete copies the last values with their period closed at now. When the clock is behind the
/// stored ValidFrom the new period starts at the stored value instead, so periods never run backwards or overlap.
/// </summary>
/// <remarks>
/// The history rows are stated in the save (<see cref="VersioningChangeSet.Rows"/>), each owned by its entity; the save's
/// row writer decides how they are written (see ARCHITECTURE.md, "The path of a save").
/// </remarks>
internal sealed class TemporalHistoryHandler : IVersioningHandler
{
    /// <summary>After soft delete (at 200), so a delete turned into an update of the flags also starts the next version.</summary>
    public const int Position = 400;

    public int Order => Position;

    public void Handle(VersioningChangeSet changeSet)
    {
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (plan.Find<TemporalHistoryPlan>() is not { } temporal)
            {
                continue;
            }

            switch (state)
            {
                case EntityState.Added:
                    changeSet.SetValue(entry, temporal.ValidFrom.Property, temporal.ValidFrom.ToClrValue(changeSet.Timestamp));
                    changeSet.SetValue(entry, temporal.Version, 1);
                    break;
                case EntityState.Modified:
                    StartNextVersion(changeSet, entry, temporal, CloseCurrentPeriod(changeSet, entry, temporal));
                    break;

                case EntityState.Deleted:
                {
                    var end = CloseCurrentPeriod(changeSet, entry, temporal);

                    // A handler that ran before (soft delete) may have turned the delete into an update that
                    // keeps the row: that row is then the entity's next version, starting where the closed period ends.
                    if (entry.State == EntityState.Modified)
                    {
                        StartNextVersion(changeSet, entry, temporal, end);
                    }

                    break;
                }
            }
        }
    }

    private static void StartNextVersion(VersioningChangeSet changeSet, EntityEntry entry, TemporalHistoryPlan temporal, DateTime start)
    {
        changeSet.SetValue(entry, temporal.ValidFrom.Property, temporal.ValidFrom.ToClrValue(start));
        changeSet.SetValue(entry, temporal.Version, (int)entry.OriginalValues[temporal.Version]! + 1);
    }

    /// <summary>States the history row of the values being replaced and returns the end of their period.</summary>
    private static DateTime CloseCurrentPeriod(VersioningChangeSet changeSet, EntityEntry entry, TemporalHistoryPlan temporal)
    {
        var original = entry.OriginalValues;
        var storedStart = TimestampProperty.ToUtc(original[temporal.ValidFrom.Property]) ?? DateTime.MinValue;
        var end = changeSet.Timestamp < storedStart ? storedStart : changeSet.Timestamp;

        var layout = temporal.HistoryRow;
        var row = layout.NewRow();
        var mirrored = temporal.MirroredProperties;
        var positions = temporal.MirrorPositions;
        for (var i = 0; i < mirrored.Count; i++)
        {
            row[positions[i]] = original[mirrored[i]];
        }

        row[temporal.ValidToPosition] = temporal.ValidFrom.ToClrValue(end);
        row[temporal.ChangedByPosition] = changeSet.ActorId;
        changeSet.Rows.Add(layout, entry.Entity, row);
        return end;
    }
}
