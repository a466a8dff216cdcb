using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ChangeEvents.Relay;

/// <summary>
/// The relay's statements over the outbox as the model maps it (its table and column names, snake_case included). Each
/// round claims the heads of streams (a stream's earliest pending event) that are due, skipping rows another relay
/// locked; a later event of a stream is never a head while an earlier one is pending, so relays on several machines
/// share the work and keep each stream in order. The claimed streams' next due events follow in the same round.
/// </summary>
internal sealed class ChangeEventRelaySql
{
    public ChangeEventRelaySql(IEntityType outbox, ISqlGenerationHelper sql)
    {
        var table = StoreObjectIdentifier.Table(outbox.GetTableName()!, outbox.GetSchema());
        string C(string property) => sql.DelimitIdentifier(outbox.GetProperty(property).GetColumnName(table)!);
        var t = sql.DelimitIdentifier(table.Name, table.Schema);
        var (id, type, stream, version) = (C(nameof(ChangeEvent.Id)), C(nameof(ChangeEvent.StreamType)), C(nameof(ChangeEvent.StreamId)), C(nameof(ChangeEvent.StreamVersion)));
        var (status, attempts, next, error, delivered) = (C(nameof(ChangeEvent.Status)), C(nameof(ChangeEvent.Attempts)), C(nameof(ChangeEvent.NextAttemptAt)), C(nameof(ChangeEvent.LastError)), C(nameof(ChangeEvent.DeliveredAt)));

        ClaimHeads =
            $"""
            SELECT e.* FROM {t} AS e
            WHERE e.{status} = 0 AND e.{next} <= @now AND NOT EXISTS (
                SELECT 1 FROM {t} AS p
                WHERE p.{type} = e.{type} AND p.{stream} = e.{stream} AND p.{version} < e.{version} AND p.{status} = 0)
            ORDER BY e.{next}, e.{id}
            LIMIT @limit
            FOR UPDATE OF e SKIP LOCKED
            """;
        ClaimFollowers =
            $"""
            SELECT e.* FROM {t} AS e
            WHERE (e.{type}, e.{stream}) IN (SELECT * FROM unnest(@types, @streams)) AND e.{status} = 0 AND e.{next} <= @now
                AND NOT e.{id} = ANY(@heads)
            ORDER BY e.{type}, e.{stream}, e.{version}
            LIMIT @limit
            FOR UPDATE OF e SKIP LOCKED
            """;
        MarkDelivered =
            $"""
            UPDATE {t} SET {status} = 1, {attempts} = {attempts} + 1, {delivered} = @now, {error} = NULL
            WHERE {id} = ANY(@ids)
            """;
        MarkFailed =
            $"""
            UPDATE {t} AS e SET {status} = f.status, {attempts} = e.{attempts} + 1, {next} = f.next, {error} = f.error
            FROM unnest(@ids, @statuses, @nexts, @errors) AS f(id, status, next, error)
            WHERE e.{id} = f.id
            """;
        Purge =
            $"""
            DELETE FROM {t} WHERE {id} IN (
                SELECT {id} FROM {t} WHERE {status} = 1 AND {delivered} < @cutoff ORDER BY {id} LIMIT @limit)
            """;
    }

    /// <summary>The due heads of streams, locked, skipping those another relay holds. Parameters: <c>@now</c>, <c>@limit</c>.</summary>
    public string ClaimHeads { get; }

    /// <summary>The due pending events of the claimed streams after their heads. Parameters: <c>@types</c>, <c>@streams</c>, <c>@now</c>, <c>@heads</c>, <c>@limit</c>.</summary>
    public string ClaimFollowers { get; }

    public string MarkDelivered { get; }

    /// <summary>Parameters: arrays <c>@ids</c>, <c>@statuses</c>, <c>@nexts</c>, <c>@errors</c>.</summary>
    public string MarkFailed { get; }

    /// <summary>Deletes up to <c>@limit</c> events delivered before <c>@cutoff</c>.</summary>
    public string Purge { get; }

    public static ChangeEventRelaySql For(DbContext context)
    {
        var outbox = ChangeEventTable.For(context).Layout.Table;
        return outbox.GetOrAddRuntimeAnnotationValue(
            VersioningAnnotationNames.ChangeEventRelaySql,
            static t => new ChangeEventRelaySql(t.Entity, t.Sql),
            (Entity: outbox, Sql: context.GetService<ISqlGenerationHelper>()));
    }
}
