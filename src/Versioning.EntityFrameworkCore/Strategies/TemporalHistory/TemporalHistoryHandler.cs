using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Pipeline.Batching;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Writes temporal history: an insert starts version 1 at the save's time; an update copies the old values (EF's
/// original values, no extra query) to a history row whose period is [old ValidFrom, now) and starts the next
/// version at now; a delete copies the last values with their period closed at now. When the clock is behind the
/// stored ValidFrom the new period starts at the stored value instead, so periods never run backwards or overlap.
/// </summary>
/// <remarks>
/// When the provider writes rows inside EF's batch (<see cref="IBatchedWritesSupport"/>, PostgreSQL), a few history
/// rows ride in the statement that updates their entity and many go into one set-based insert after EF's commands
/// (1.38x plain EF at 1,000 rows instead of 2.6x for EF entities, in the performance baseline). Elsewhere they are EF entities in EF's batch.
/// </remarks>
internal sealed class TemporalHistoryHandler : IVersioningHandler
{
    private readonly IBatchedWritesSupport? _batchedWrites;

    public TemporalHistoryHandler(IEnumerable<IBatchedWritesSupport> batchedWrites)
        => _batchedWrites = batchedWrites.FirstOrDefault();

    /// <summary>After soft delete (at 200), so a delete turned into an update of the flags also starts the next version.</summary>
    public const int Position = 400;

    public int Order => Position;

    public void Handle(VersioningChangeSet changeSet)
    {
        Dictionary<TemporalHistoryPlan, List<(object Entity, object?[] Row)>>? rows = null;
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
                    StartNextVersion(changeSet, entry, temporal, CloseCurrentPeriod(changeSet, entry, temporal, ref rows));
                    break;

                case EntityState.Deleted:
                {
                    var end = CloseCurrentPeriod(changeSet, entry, temporal, ref rows);

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

        if (rows != null)
        {
            foreach (var (temporal, historyRows) in rows)
            {
                Write(changeSet, temporal, historyRows);
            }
        }
    }

    private static void StartNextVersion(VersioningChangeSet changeSet, EntityEntry entry, TemporalHistoryPlan temporal, DateTime start)
    {
        changeSet.SetValue(entry, temporal.ValidFrom.Property, temporal.ValidFrom.ToClrValue(start));
        changeSet.SetValue(entry, temporal.Version, (int)entry.OriginalValues[temporal.Version]! + 1);
    }

    /// <summary>Collects the history row of the values being replaced and returns the end of their period.</summary>
    private static DateTime CloseCurrentPeriod(
        VersioningChangeSet changeSet, EntityEntry entry, TemporalHistoryPlan temporal, ref Dictionary<TemporalHistoryPlan, List<(object Entity, object?[] Row)>>? rows)
    {
        var original = entry.OriginalValues;
        var storedStart = TimestampProperty.ToUtc(original[temporal.ValidFrom.Property]) ?? DateTime.MinValue;
        var end = changeSet.Timestamp < storedStart ? storedStart : changeSet.Timestamp;

        var mirrored = temporal.MirroredProperties;
        var row = new object?[mirrored.Count + 2];
        for (var i = 0; i < mirrored.Count; i++)
        {
            row[i] = original[mirrored[i]];
        }

        row[mirrored.Count] = temporal.ValidFrom.ToClrValue(end);
        row[mirrored.Count + 1] = changeSet.ActorId;

        rows ??= new Dictionary<TemporalHistoryPlan, List<(object Entity, object?[] Row)>>(ReferenceEqualityComparer.Instance);
        if (!rows.TryGetValue(temporal, out var list))
        {
            rows[temporal] = list = [];
        }

        list.Add((entry.Entity, row));
        return end;
    }

    private void Write(VersioningChangeSet changeSet, TemporalHistoryPlan temporal, List<(object Entity, object?[] Row)> rows)
    {
        if (_batchedWrites is { } batched)
        {
            var writes = changeSet.Batched();
            var attach = rows.Count <= batched.AttachLimit;
            foreach (var (entity, row) in rows)
            {
                if (attach)
                {
                    writes.Attach(entity, temporal.History, temporal.HistoryColumns, row);
                }
                else
                {
                    writes.Append(temporal.History, temporal.HistoryColumns, row);
                }
            }

            return;
        }

        var columns = temporal.HistoryColumns;
        foreach (var (_, values) in rows)
        {
            var row = new Dictionary<string, object>(columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                row[columns[i].Name] = values[i]!;
            }

            changeSet.Add(temporal.History, row);
        }
    }
}
