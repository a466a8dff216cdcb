using System.Buffers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// Writes the change events of a save: one per created, changed or deleted entity (a soft delete and a restore are told
/// apart through the deletion flag of the entity's plan, <see cref="IDeletionFlag"/>; an update that changes none of the
/// event's properties writes none), then the custom events raised on the context, each with the next version of its
/// stream. The entity's <c>StreamVersion</c> is set to its last event's version, so EF's update (or delete) checks the
/// version it read and a stale copy fails the save. Every event of the save shares its timestamp, actor,
/// correlation and causation ids; its tenant is the multi-tenant entity's own (<see cref="IEntityTenant"/>), else the
/// save's. Events of entities whose key the database generates are written by a last batch of
/// EF's save (<see cref="PendingRows"/>), the others are stated in the save for its row writer, unless that writer
/// writes EF entities: then they all wait for the last batch too, so that EF's own commands run first and a stale
/// writer fails on its entity's concurrency check (EF orders its commands by table, and an event inserted first would
/// fail on the outbox's unique stream version instead), and a large save inserts them with one statement.
/// </summary>
internal sealed class ChangeEventsHandler(IEnumerable<IVersioningRowWriter> rowWriters) : IVersioningHandler
{
    private readonly bool _writerIsSetBased = EntityRowWriter.Or(rowWriters).WritesSetBased;

    /// <summary>After the strategies that change values (at 100 to 400), so an event holds what the save writes.</summary>
    public const int Position = 450;

    public int Order => Position;

    public void Handle(VersioningChangeSet changeSet)
    {
        EventWriter? writer = null;
        EventWriter Writer() => writer ??= new EventWriter(changeSet, _writerIsSetBased);

        // Inserted entities whose key is known before EF runs: a key may have had a stream before its entity was deleted,
        // also by this save (a delete and an insert under one key), whose event rows are kept to continue from.
        Dictionary<object, ContinuedStream>? inserts = null;
        List<object?[]>? deletedRows = null;
        foreach (var (entry, entityState, plan) in changeSet.Entries)
        {
            if (plan.Find<ChangeEventsPlan>() is not { } events)
            {
                continue;
            }

            var original = entry.OriginalValues;
            var version = entityState == EntityState.Added ? 1 : events.VersionIn(original) + 1;
            switch (entityState)
            {
                case EntityState.Added:
                    var created = Writer().Add(entry, plan, events, version, ChangeEventKinds.Created, null, Writer().Json(events.Properties, entry.CurrentValues));
                    if (!events.Key.IsTemporary(entry))
                    {
                        (inserts ??= new Dictionary<object, ContinuedStream>(ReferenceEqualityComparer.Instance))[entry.Entity] =
                            new ContinuedStream(entry, events, [created]);
                    }

                    break;
                case EntityState.Deleted:
                    var kind = entry.State == EntityState.Deleted ? ChangeEventKinds.Deleted : ChangeEventKinds.SoftDeleted;
                    (deletedRows ??= []).Add(Writer().Add(entry, plan, events, version, kind, Writer().Json(events.Properties, original), null));
                    break;
                case EntityState.Modified when plan.Find<IDeletionFlag>() is { } flag && flag.IsDeleted(original) && !flag.IsDeleted(entry.CurrentValues):
                    Writer().Add(entry, plan, events, version, ChangeEventKinds.Restored, null, Writer().Json(events.Properties, entry.CurrentValues));
                    break;
                case EntityState.Modified:
                    var current = entry.CurrentValues;
                    if (Changed(events.Properties, original, current) is { } changed)
                    {
                        Writer().Add(
                            entry, plan, events, version, ChangeEventKinds.Updated, Writer().Json(changed, original), Writer().Json(changed, current));
                    }

                    break;
            }
        }

        foreach (var custom in changeSet.State.Of<ChangeEventsContextState>().Pending)
        {
            // RaiseChangeEvent checked that the entity was tracked and writes events; it may have been detached since.
            var entry = changeSet.Context.Entry(custom.Entity);
            var plan = entry.State == EntityState.Detached ? null : VersioningSavePlan.For(changeSet.Context.Model).Find(entry.Metadata);
            if (plan?.Find<ChangeEventsPlan>() is not { } events)
            {
                throw new InvalidOperationException(VersioningStrings.ChangeEventTargetNotTracked(entry.Metadata.DisplayName()));
            }

            var row = Writer().Add(entry, plan, events, events.VersionIn(entry.CurrentValues) + 1, custom.Kind, null, custom.Data);
            if (inserts?.GetValueOrDefault(entry.Entity) is { } stream)
            {
                stream.Rows.Add(row);
            }
            else if (entry.State == EntityState.Deleted)
            {
                (deletedRows ??= []).Add(row);
            }
        }

        writer?.Finish();
        if (inserts != null)
        {
            ContinueStreams(changeSet, inserts.Values, deletedRows);
        }
    }

    /// <summary>
    /// Defers the continuation of the streams of <paramref name="inserts"/> that may have events already: those whose
    /// key no generator produces (one query), and those whose stream this save's deletes (<paramref name="deletedRows"/>)
    /// end (a generated key the application copied from the deleted entity, say).
    /// </summary>
    private static void ContinueStreams(VersioningChangeSet changeSet, IEnumerable<ContinuedStream> inserts, List<object?[]>? deletedRows)
    {
        var table = ChangeEventTable.For(changeSet.Context);
        var deletedHere = new Dictionary<(string Type, string Id), long>();
        foreach (var row in deletedRows ?? [])
        {
            var stream = ((string)row[table.StreamType]!, (string)row[table.StreamId]!);
            deletedHere[stream] = Math.Max(deletedHere.GetValueOrDefault(stream), (long)row[table.StreamVersion]!);
        }

        var continued = inserts
            .Where(s => EntityKeyText.IsChosen(s.Events.Key.Properties, s.Entry)
                || deletedHere.ContainsKey((s.Events.Key.EntityTypeName, (string)s.Rows[0][table.StreamId]!)))
            .ToList();
        if (continued.Count > 0)
        {
            changeSet.Defer((async, cancellationToken) => ContinueStreamsAsync(changeSet, table, continued, deletedHere, async, cancellationToken));
        }
    }

    /// <summary>An inserted entity whose key is known before EF runs, with the rows of its events in this save.</summary>
    private sealed record ContinuedStream(EntityEntry Entry, ChangeEventsPlan Events, List<object?[]> Rows);

    /// <summary>
    /// The key of an inserted entity may have had a stream before its entity was deleted (a stream ends with its
    /// <c>Deleted</c> event): the inserted entity continues it, its events (and its <c>StreamVersion</c>) counting on from
    /// the stream's last version, in the outbox or deleted by this very save (<paramref name="deletedHere"/>), so versions
    /// stay gapless and unique per stream. One query per stream type, for every such insert of the save, in chunks, past
    /// every query filter (a stream is every tenant's); the event rows are still the save's own arrays then (its writers
    /// read them when EF's batches run).
    /// </summary>
    private static async Task ContinueStreamsAsync(
        VersioningChangeSet changeSet,
        ChangeEventTable table,
        IEnumerable<ContinuedStream> streams,
        Dictionary<(string Type, string Id), long> deletedHere,
        bool async,
        CancellationToken cancellationToken)
    {
        const int Chunk = 500;
        foreach (var group in streams.GroupBy(s => s.Events.Key.EntityTypeName))
        {
            var streamType = group.Key;
            foreach (var chunk in group.Chunk(Chunk))
            {
                var ids = chunk.Select(s => (string)s.Rows[0][table.StreamId]!).ToList();
                var query = changeSet.Context.Set<ChangeEvent>().IgnoreQueryFilters().AsNoTracking()
                    .Where(e => e.StreamType == streamType && ids.Contains(e.StreamId))
                    .GroupBy(e => e.StreamId)
                    .Select(g => new { StreamId = g.Key, Last = g.Max(e => e.StreamVersion) });
                var lasts = async ? await query.ToListAsync(cancellationToken).ConfigureAwait(false) : query.ToList();
                var lastOf = lasts.ToDictionary(l => l.StreamId, l => l.Last, StringComparer.Ordinal);
                foreach (var stream in chunk)
                {
                    var id = (string)stream.Rows[0][table.StreamId]!;
                    if (Math.Max(lastOf.GetValueOrDefault(id), deletedHere.GetValueOrDefault((streamType, id))) is var last and > 0)
                    {
                        foreach (var row in stream.Rows)
                        {
                            row[table.StreamVersion] = (long)row[table.StreamVersion]! + last;
                        }

                        var events = stream.Events;
                        changeSet.SetValue(stream.Entry, events.StreamVersion, events.VersionValue(events.VersionIn(stream.Entry.CurrentValues) + last));
                    }
                }
            }
        }
    }

    /// <summary>The properties whose values differ, or <see langword="null"/> when none does.</summary>
    private static List<ChangeEventValue>? Changed(IReadOnlyList<ChangeEventValue> properties, PropertyValues original, PropertyValues current)
    {
        List<ChangeEventValue>? changed = null;
        foreach (var property in properties)
        {
            if (property.HasChanged(original, current))
            {
                (changed ??= new List<ChangeEventValue>(properties.Count)).Add(property);
            }
        }

        return changed;
    }

    public Task SavedAsync(VersioningChangeSet save, bool async, CancellationToken cancellationToken)
    {
        save.Dequeue(save.State.Of<ChangeEventsContextState>().Pending);
        return Task.CompletedTask;
    }

    public void SaveFailed(VersioningChangeSet save)
    {
        // The custom events stay raised for the retry; the rows are built again.
    }

    /// <summary>Makes the event rows of one save and hands them to the save's writers.</summary>
    private sealed class EventWriter(VersioningChangeSet changeSet, bool inSave)
    {
        private readonly ChangeEventTable _table = ChangeEventTable.For(changeSet.Context);
        private readonly Version7Ids _ids = new(changeSet.Timestamp);
        private readonly string _correlationId = changeSet.CorrelationId;
        private readonly ArrayBufferWriter<byte> _json = new(256);
        private PendingRows? _pending;

        /// <summary>The JSON object of <paramref name="properties"/> in <paramref name="values"/>.</summary>
        public string Json(IReadOnlyList<ChangeEventValue> properties, PropertyValues values) => ChangeEventValue.Json(properties, values, _json);

        /// <summary>States the event and returns its row.</summary>
        public object?[] Add(EntityEntry entry, EntitySavePlan plan, ChangeEventsPlan events, long version, string kind, string? before, string? after)
        {
            changeSet.SetValue(entry, events.StreamVersion, events.VersionValue(version));
            var table = _table;
            var row = table.Layout.NewRow();
            row[table.Id] = _ids.Next();
            row[table.StreamType] = events.Key.EntityTypeName;
            row[table.StreamVersion] = version;
            row[table.Kind] = kind;
            row[table.Before] = before;
            row[table.After] = after;
            row[table.Timestamp] = changeSet.Timestamp;
            row[table.ActorId] = changeSet.ActorId;
            row[table.TenantId] = EntityTenant.Of(plan, entry, changeSet.TenantId);
            row[table.CorrelationId] = _correlationId;
            row[table.CausationId] = changeSet.Scope?.CausationId;
            if (table.Status >= 0)
            {
                row[table.Status] = ChangeEventStatus.Pending;
            }

            if (table.Attempts >= 0)
            {
                row[table.Attempts] = 0;
            }

            row[table.NextAttemptAt] = changeSet.Timestamp;
            var key = events.Key;
            if (key.IsTemporary(entry))
            {
                // The stream's id is the key the database generates: known once EF's commands ran.
                row[table.StreamId] = "";
                (_pending ??= new PendingRows(VersioningStrings.LastBatchFailed)).Add(table.Layout, row, entry, r => r[table.StreamId] = key.Format(entry));
                return row;
            }

            row[table.StreamId] = key.Format(entry);
            if (inSave)
            {
                changeSet.Rows.Add(table.Layout, entry.Entity, row);
            }
            else
            {
                (_pending ??= new PendingRows(VersioningStrings.LastBatchFailed)).Add(table.Layout, row, entry);
            }

            return row;
        }

        public void Finish()
        {
            if (_pending != null)
            {
                changeSet.RunInOneTransaction();
                changeSet.Keep(_pending);
            }
        }
    }
}
