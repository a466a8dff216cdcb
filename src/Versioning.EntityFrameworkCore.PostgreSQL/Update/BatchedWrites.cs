using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// What the provider's command batch writes for one save besides EF's own commands (no extra round trip, no
/// transaction of our own): history and log rows <em>attached</em> to an entity, written by the statement that writes
/// that entity, so they exist exactly when its row was changed; <em>trailing</em> rows and set-based updates, written
/// after EF's last command; and <em>preconditions</em>, the old row's UPDATE that a replacement's INSERT depends on.
/// </summary>
/// <remarks>
/// Kept with the save (<see cref="VersioningChangeSet"/>) until it ends, not consumed by the batch: when an execution
/// strategy retries the save, EF builds its batches again and they need the same rows.
/// </remarks>
internal sealed class BatchedWrites
{
    /// <summary>The save's batched writes, created and kept with the save on first use.</summary>
    public static BatchedWrites Of(VersioningChangeSet save)
    {
        if (save.Find<BatchedWrites>() is { } writes)
        {
            return writes;
        }

        var created = new BatchedWrites();
        save.Keep(created);
        return created;
    }

    private readonly Dictionary<object, List<BatchedRows>> _attached = new(ReferenceEqualityComparer.Instance);
    private readonly List<BatchedRows> _trailing = [];
    private List<BatchedUpdate>? _updates;
    private Dictionary<object, BatchedPrecondition>? _preconditions;
    private Dictionary<object, (string Table, string? Schema)>? _carriers;

    public IReadOnlyList<BatchedRows> Trailing => _trailing;

    /// <summary>The set-based updates written after EF's commands (and after <see cref="Trailing"/>).</summary>
    public IReadOnlyList<BatchedUpdate> Updates => _updates ?? (IReadOnlyList<BatchedUpdate>)[];

    /// <summary>How many tracked entities the batch writes instead of EF's own commands, for SaveChanges' count.</summary>
    public int UpdatedEntries => (_updates?.Sum(u => u.Entries.Count) ?? 0) + (_preconditions?.Count ?? 0) + InsertedEntries;

    /// <summary>How many new rows of tracked entities the trailing rows hold (new audit revisions written set-based).</summary>
    public int InsertedEntries { get; set; }

    /// <summary>
    /// How many of the set-based updates' rows retire an old row that a new row written set-based replaces (bulk audit
    /// revisions): written for the application's entity, not one of its own.
    /// </summary>
    public int RetiredEntries { get; set; }

    /// <summary>Makes <paramref name="precondition"/> a condition of the INSERT of <paramref name="entity"/>, in its statement.</summary>
    public void Precede(object entity, BatchedPrecondition precondition)
        => (_preconditions ??= new Dictionary<object, BatchedPrecondition>(ReferenceEqualityComparer.Instance))[entity] = precondition;

    /// <summary>Whether any row is attached to an entity's statement, or any INSERT has a precondition.</summary>
    public bool HasPerEntityWrites => _attached.Count > 0 || _preconditions != null;

    /// <summary>The UPDATE the INSERT of <paramref name="entity"/> depends on, if any.</summary>
    public BatchedPrecondition? PreconditionOf(object entity) => _preconditions?.GetValueOrDefault(entity);

    public void Add(BatchedUpdate update) => (_updates ??= []).Add(update);

    /// <summary>
    /// The text of the save's command when it is one statement that also writes the entity's history or log rows, or
    /// retires the row a new one replaces: the statement a one-entity save is, which the provider may prepare.
    /// </summary>
    public string? OneEntityStatement { get; set; }

    /// <summary>Whether a last batch of the save took the trailing rows and updates (EF makes none when it writes nothing).</summary>
    public bool TrailingWritten { get; set; }

    /// <summary>Whether the save has rows or updates that only a last batch writes.</summary>
    public bool HasTrailing => _trailing.Count > 0 || _updates != null;

    /// <summary>Adds a row that the statement writing <paramref name="entity"/> writes too.</summary>
    public void Attach(object entity, IEntityType table, IReadOnlyList<IProperty> columns, object?[] row)
    {
        if (!_attached.TryGetValue(entity, out var tables))
        {
            _attached[entity] = tables = [];
        }

        For(tables, table, columns).Rows.Add(row);
    }

    /// <summary>Adds a row written set-based after EF's last command.</summary>
    public void Append(IEntityType table, IReadOnlyList<IProperty> columns, object?[] row)
        => For(_trailing, table, columns).Rows.Add(row);

    /// <summary>Whether rows of the save go to the table <paramref name="table"/> (in <paramref name="schema"/>, the default if null).</summary>
    public bool WritesTo(string? table, string? schema)
    {
        foreach (var rows in _trailing.Concat(_attached.Values.SelectMany(a => a)))
        {
            if (rows.Table.GetTableName() == table && (rows.Table.GetSchema() ?? "public") == (schema ?? "public"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether rows are attached to <paramref name="entity"/>.</summary>
    public bool HasAttached(object entity) => _attached.ContainsKey(entity);

    /// <summary>
    /// The rows attached to <paramref name="entity"/>, if any, for the statement that writes its row in
    /// <paramref name="table"/>. An entity whose row spans several tables (table per type, entity splitting) has one
    /// statement per table; only the first of them the save sees carries its rows, so they are written once. That table
    /// stays the one when EF moves the statement to another batch or an execution strategy builds the batches again
    /// (EF orders the same changes the same way).
    /// </summary>
    public IReadOnlyList<BatchedRows>? AttachedTo(object entity, string table, string? schema)
    {
        if (!_attached.TryGetValue(entity, out var rows))
        {
            return null;
        }

        _carriers ??= new Dictionary<object, (string, string?)>(ReferenceEqualityComparer.Instance);
        if (!_carriers.TryGetValue(entity, out var carrier))
        {
            _carriers[entity] = (table, schema);
            return rows;
        }

        return carrier == (table, schema) ? rows : null;
    }

    private static BatchedRows For(List<BatchedRows> tables, IEntityType table, IReadOnlyList<IProperty> columns)
    {
        foreach (var rows in tables)
        {
            if (rows.Table == table)
            {
                return rows;
            }
        }

        var added = new BatchedRows(table, columns);
        tables.Add(added);
        return added;
    }
}
