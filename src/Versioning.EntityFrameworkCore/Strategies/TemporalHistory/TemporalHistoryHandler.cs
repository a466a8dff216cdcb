using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Writes temporal history: an insert starts version 1 at the save's time, authored by the save's actor
/// (<c>ChangedBy</c>); an update copies the old values, their author included (EF's original values, no extra query),
/// to a history row whose period is [old ValidFrom, now) and starts the next version at now, authored by the actor; a
/// delete copies the last values with their period closed at now and the actor as <c>RemovedBy</c>. When the clock is behind the
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
        // Inserts whose key is known before EF runs (an insert under a deleted key continues its versions), and the rows
        // this save deletes (an insert under one of their keys, in the same save, continues theirs).
        List<(EntityEntry Entry, TemporalHistoryPlan Plan)>? inserts = null;
        List<(EntityEntry Entry, TemporalHistoryPlan Plan)>? deletes = null;
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
                    changeSet.SetValue(entry, temporal.ChangedBy, changeSet.ActorId);
                    if (!EntityKeyText.IsTemporary(temporal.Key.Properties, entry))
                    {
                        (inserts ??= []).Add((entry, temporal));
                    }

                    break;
                case EntityState.Modified:
                    StartNextVersion(changeSet, entry, temporal, CloseCurrentPeriod(changeSet, entry, temporal, removed: false));
                    break;

                case EntityState.Deleted:
                {
                    // A handler that ran before (soft delete) may have turned the delete into an update that
                    // keeps the row: that row is then the entity's next version, starting where the closed period ends.
                    var end = CloseCurrentPeriod(changeSet, entry, temporal, removed: entry.State == EntityState.Deleted);
                    if (entry.State == EntityState.Modified)
                    {
                        StartNextVersion(changeSet, entry, temporal, end);
                    }
                    else
                    {
                        (deletes ??= []).Add((entry, temporal));
                    }

                    break;
                }
            }
        }

        if (inserts == null)
        {
            return;
        }

        // A key no generator produces may have had versions before (one query); a generated one only when this save
        // deleted its row (a Guid the application copied from the deleted entity, say).
        Dictionary<(TemporalHistoryPlan, string), int>? deletedHere = null;
        foreach (var (entry, temporal) in deletes ?? [])
        {
            (deletedHere ??= [])[(temporal, KeyText(entry))] = (int)entry.OriginalValues[temporal.Version]!;
        }

        var reinserts = inserts.Where(i => EntityKeyText.IsChosen(i.Plan.Key.Properties, i.Entry) || deletedHere?.ContainsKey((i.Plan, KeyText(i.Entry))) == true).ToList();
        if (reinserts.Count > 0)
        {
            changeSet.Defer((async, cancellationToken) => ContinueVersionsAsync(changeSet, reinserts, deletedHere, async, cancellationToken));
        }
    }

    private static string KeyText(EntityEntry entry) => EntityKeyText.For(entry.Metadata).Format(entry);

    /// <summary>
    /// A key the application chose may have been deleted before, its versions kept in the history, or by this very save
    /// (<paramref name="deletedHere"/>): the inserted entity continues them (version = the last + 1), so versions only
    /// grow for a key and the next update's history row does not collide with an old one. One query per entity type, for
    /// every such insert of the save, in chunks.
    /// </summary>
    private static async Task ContinueVersionsAsync(
        VersioningChangeSet changeSet,
        List<(EntityEntry Entry, TemporalHistoryPlan Plan)> inserts,
        Dictionary<(TemporalHistoryPlan, string), int>? deletedHere,
        bool async,
        CancellationToken cancellationToken)
    {
        const int Chunk = 500;
        foreach (var group in inserts.GroupBy(i => i.Plan))
        {
            var plan = group.Key;
            var historyKey = plan.Key.Properties.Select(p => plan.History.GetProperty(p.Name)).ToList();
            foreach (var chunk in group.Chunk(Chunk))
            {
                var keys = chunk.Select(i => plan.Key.Properties.Select(p => i.Entry.CurrentValues[p]!).ToArray()).ToList();
                var query = changeSet.Context.Set<Dictionary<string, object>>(plan.History.Name).AsNoTracking()
                    .Where(TemporalExpressions.KeyIn<Dictionary<string, object>>(historyKey, keys));
                var rows = async ? await query.ToListAsync(cancellationToken).ConfigureAwait(false) : query.ToList();
                for (var i = 0; i < chunk.Length; i++)
                {
                    var last = rows.Where(r => historyKey.Select((p, n) => Equals(r[p.Name], keys[i][n])).All(x => x))
                        .Select(r => (int)r[TemporalPropertyNames.Version])
                        .DefaultIfEmpty(0)
                        .Max();
                    if (deletedHere != null)
                    {
                        last = Math.Max(last, deletedHere.GetValueOrDefault((plan, KeyText(chunk[i].Entry))));
                    }

                    if (last > 0)
                    {
                        changeSet.SetValue(chunk[i].Entry, plan.Version, last + 1);
                    }
                }
            }
        }
    }

    private static void StartNextVersion(VersioningChangeSet changeSet, EntityEntry entry, TemporalHistoryPlan temporal, DateTime start)
    {
        changeSet.SetValue(entry, temporal.ValidFrom.Property, temporal.ValidFrom.ToClrValue(start));
        changeSet.SetValue(entry, temporal.Version, (int)entry.OriginalValues[temporal.Version]! + 1);
        changeSet.SetValue(entry, temporal.ChangedBy, changeSet.ActorId);
    }

    /// <summary>
    /// States the history row of the values being replaced (the actor as <c>RemovedBy</c> when the row is
    /// <paramref name="removed"/>) and returns the end of their period.
    /// </summary>
    private static DateTime CloseCurrentPeriod(VersioningChangeSet changeSet, EntityEntry entry, TemporalHistoryPlan temporal, bool removed)
    {
        // A copy sent back by a client: the row as the database held it (its original values are partly the copy's).
        var original = StoredOriginalValues.Of(changeSet, entry) ?? entry.OriginalValues;
        var storedStart = TimestampProperty.ToUtc(original[temporal.ValidFrom.Property]) ?? DateTime.MinValue;
        var end = changeSet.Timestamp < storedStart ? storedStart : changeSet.Timestamp;

        var layout = temporal.HistoryRow;
        var row = layout.NewRow();
        var mirrored = temporal.MirroredProperties;
        var positions = temporal.MirrorPositions;
        for (var i = 0; i < mirrored.Count; i++)
        {
            row[positions[i]] = temporal.HistoryValue(i, original[mirrored[i]]);
        }

        row[temporal.ValidToPosition] = temporal.ValidFrom.ToClrValue(end);
        row[temporal.RemovedByPosition] = removed ? changeSet.ActorId : null;
        changeSet.Rows.Add(layout, entry.Entity, row);
        return end;
    }
}
