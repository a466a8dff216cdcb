using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Internal;

namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

/// <summary>
/// Writes temporal history: an insert starts version 1 at the save's time; an update copies the old values (EF's
/// original values, no extra query) to a history row whose period is [old ValidFrom, now) and starts the next
/// version at now; a delete copies the last values with their period closed at now. When the clock is behind the
/// stored ValidFrom the new period starts at the stored value instead, so periods never run backwards or overlap.
/// </summary>
internal sealed class TemporalHistoryHandler : IVersioningHandler
{
    public int Order => VersioningHandlerOrder.TemporalHistory;

    public void Handle(VersioningChangeSet changeSet)
    {
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (plan.TemporalHistory is not { } temporal)
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
                {
                    var start = CloseCurrentPeriod(changeSet, entry, temporal);
                    changeSet.SetValue(entry, temporal.ValidFrom.Property, temporal.ValidFrom.ToClrValue(start));
                    changeSet.SetValue(entry, temporal.Version, (int)entry.OriginalValues[temporal.Version]! + 1);
                    break;
                }

                case EntityState.Deleted:
                    CloseCurrentPeriod(changeSet, entry, temporal);
                    break;
            }
        }
    }

    /// <summary>Adds the history row of the values being replaced and returns the end of their period.</summary>
    private static DateTime CloseCurrentPeriod(VersioningChangeSet changeSet, EntityEntry entry, TemporalHistoryPlan temporal)
    {
        var original = entry.OriginalValues;
        var storedStart = TimestampProperty.ToUtc(original[temporal.ValidFrom.Property]) ?? DateTime.MinValue;
        var end = changeSet.Timestamp < storedStart ? storedStart : changeSet.Timestamp;

        var row = new Dictionary<string, object>(temporal.MirroredProperties.Count + 2, StringComparer.Ordinal);
        for (var i = 0; i < temporal.MirroredProperties.Count; i++)
        {
            row[temporal.HistoryNames[i]] = original[temporal.MirroredProperties[i]]!;
        }

        row[TemporalPropertyNames.ValidTo] = temporal.ValidFrom.ToClrValue(end);
        row[TemporalPropertyNames.ChangedBy] = changeSet.ActorId!;
        changeSet.Add(temporal.History, row);
        return end;
    }
}
