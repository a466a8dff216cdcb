using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Update.Internal;
using Versioning.EntityFrameworkCore.PostgreSQL.Infrastructure;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// Npgsql's command batch, writing the <see cref="BatchedWrites"/> of the save too (no extra round trip: see ARCHITECTURE.md, "The path of a save").
/// </summary>
/// <remarks>
/// <para>
/// Rows attached to an entity ride in the statement that writes it:
/// <c>WITH u AS (UPDATE … RETURNING 1), h AS (INSERT INTO history … SELECT … FROM u) SELECT * FROM u</c>. The history
/// row exists exactly when the entity's row was written, and EF's check that the statement touched one row becomes
/// "it returned one row", so a one-entity save stays one statement without a transaction, as in plain EF.
/// </para>
/// <para>
/// A replacement's INSERT gets the old row's UPDATE as its condition (<see cref="BatchedPrecondition"/>), in the same
/// statement.
/// </para>
/// <para>
/// The other rows are written after EF's last command by one <c>INSERT … SELECT * FROM unnest(@arrays)</c> per table,
/// and the set-based updates (<see cref="BatchedUpdate"/>) after them, their row counts checked once the batch has run.
/// That batch then always runs in a transaction, because EF's rows-affected checks happen on the client after the
/// server has run every statement of the batch.
/// </para>
/// <para>
/// EF takes a command back out of a batch only when the batch reports itself invalid, which Npgsql's never does (it is
/// limited by its command count, checked before a command is added), so the rewriting needs no undoing.
/// </para>
/// </remarks>
#pragma warning disable EF1001 // Derives from Npgsql's internal batch: see NpgsqlInternals.
internal sealed class VersioningNpgsqlModificationCommandBatch : NpgsqlModificationCommandBatch
{
    // The batch's SQL, and a scratch builder that EF writes a command into while this batch rewrites it, instead of
    // cutting the statement back out of the batch's large builder (shortening a StringBuilder can copy its last chunk).
    private readonly StringBuilder _sql = new();
    private StringBuilder? _command;
    private readonly BatchedWrites _writes;
    private readonly NpgsqlBatchedSqlWriter _writer;
    private bool _writingCommand;
    private readonly bool _modelHasCapture;
    private int _rewrittenCommands;
    private List<BatchedRows>? _orphans;
    private List<(int Statement, BatchedUpdate Update)>? _updates;

    public VersioningNpgsqlModificationCommandBatch(
        ModificationCommandBatchFactoryDependencies dependencies, int maxBatchSize, BatchedWrites writes)
        : base(dependencies, maxBatchSize)
    {
        _writes = writes;
        _writer = new NpgsqlBatchedSqlWriter(_sql, RelationalCommandBuilder, ParameterValues, dependencies.SqlGenerationHelper);
        _modelHasCapture = DatabaseTriggerSettings.HasCapture(dependencies.CurrentContext.Context.Model);
    }

    protected override StringBuilder SqlBuilder => _writingCommand ? _command! : _sql;

    protected override void AddCommand(IReadOnlyModificationCommand modificationCommand)
    {
        if (modificationCommand.Entries.Count > 0)
        {
            MarkIfCaptured(modificationCommand.Entries[0].EntityType);
        }

        // A large save has only trailing writes: its commands go straight to EF, without looking up their entities.
        if (!_writes.HasPerEntityWrites)
        {
            base.AddCommand(modificationCommand);
            return;
        }

        if (modificationCommand.EntityState == EntityState.Added
            && modificationCommand.StoreStoredProcedure == null
            && Precondition(modificationCommand) is { } precondition)
        {
            // The new row's own rows (an activity log's, say) ride in the same statement, once the INSERT happened.
            var rows = AttachedRows(modificationCommand);
            var insert = WriteCommand(modificationCommand);
            var last = ResultSetMappings.Count - 1;
            _writer.AppendConditionalInsert(insert, precondition, rows, ResultSetMappings[last].HasFlag(ResultSetMapping.HasResultRow));
            _rewrittenCommands++;
            if (rows != null)
            {
                ResultSetMappings[last] = ResultSetMapping.LastInResultSet;
            }

            return;
        }

        var attached = AttachedRows(modificationCommand);
        if (attached == null)
        {
            base.AddCommand(modificationCommand);
            return;
        }

        if (modificationCommand.StoreStoredProcedure != null)
        {
            // A stored procedure call cannot be a data-modifying CTE: its rows follow the batch's last command instead.
            base.AddCommand(modificationCommand);
            (_orphans ??= []).AddRange(attached);
            return;
        }

        var statement = WriteCommandInto(modificationCommand);
        var mapping = ResultSetMappings.Count - 1;
        _writer.AppendWithAttachedRows(statement, ResultSetMappings[mapping].HasFlag(ResultSetMapping.HasResultRow), attached);
        _rewrittenCommands++;

        // EF reads the returned row (and any values it asked for) instead of the rows-affected count; no row means the
        // entity's row was not there, which EF reports as a concurrency failure, as before.
        ResultSetMappings[mapping] = ResultSetMapping.LastInResultSet;
    }

    public override void Complete(bool moreBatchesExpected)
    {
        var trailing = moreBatchesExpected ? [] : _writes.Trailing;
        var updates = moreBatchesExpected ? [] : _writes.Updates;
        var appends = trailing.Count > 0 || _orphans != null || updates.Count > 0;
        if (appends)
        {
            var statement = ModificationCommands.Count;
            foreach (var rows in trailing.Concat(_orphans ?? []))
            {
                statement += _writer.AppendSetBasedInsert(rows);
            }

            foreach (var update in updates)
            {
                MarkIfCaptured(update.Table);
                _writer.AppendSetBasedUpdate(update);
                (_updates ??= []).Add((statement++, update));
            }

            SetRequiresTransaction(true);
        }

        if (!moreBatchesExpected)
        {
            _writes.TrailingWritten = true;
        }

        base.Complete(moreBatchesExpected);

        // A command that is nothing but one rewritten statement is the whole of a one-entity save: the save remembers its
        // text, which SaveStatementPreparation prepares when EF executes it.
        if (_rewrittenCommands == 1 && ModificationCommands.Count == 1 && !appends)
        {
            _writes.OneEntityStatement = StoreCommand?.RelationalCommand.CommandText;
        }
    }

    public override void Execute(IRelationalConnection connection)
    {
        try
        {
            base.Execute(connection);
        }
        catch (DbUpdateException exception) when (IsRowKeyConflict(exception))
        {
            ReportConcurrencyFailure(exception, async: false, default).GetAwaiter().GetResult();
            throw;
        }
    }

    public override async Task ExecuteAsync(IRelationalConnection connection, CancellationToken cancellationToken = default)
    {
        try
        {
            await base.ExecuteAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException exception) when (IsRowKeyConflict(exception))
        {
            await ReportConcurrencyFailure(exception, async: true, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Whether the batch failed because one of Versioning's rows has the key of a row already there: a history row of
    /// a version another writer has already closed. The writer is stale (its entities changed since it loaded them),
    /// but the history insert after EF's commands fails before EF can see that their UPDATEs found no row.
    /// </summary>
    private bool IsRowKeyConflict(DbUpdateException exception)
        => exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } conflict
            && _writes.WritesTo(conflict.TableName, conflict.SchemaName);

    /// <summary>
    /// Reports the conflict as EF reports its own concurrency failures (through the logger, so interceptors, Versioning's
    /// undo among them, see it) and throws it, unless an interceptor suppressed it (then the original error stands).
    /// </summary>
    private async Task ReportConcurrencyFailure(DbUpdateException exception, bool async, CancellationToken cancellationToken)
    {
        var entries = ModificationCommands.SelectMany(c => c.Entries).ToList();
        var conflict = new DbUpdateConcurrencyException(
            VersioningStrings.RowKeyConflict(((PostgresException)exception.InnerException!).TableName), exception.InnerException, entries);
        var context = Dependencies.CurrentContext.Context;
        var result = async
            ? await Dependencies.UpdateLogger.OptimisticConcurrencyExceptionAsync(context, entries, conflict, null, cancellationToken).ConfigureAwait(false)
            : Dependencies.UpdateLogger.OptimisticConcurrencyException(context, entries, conflict, null);
        if (!result.IsSuppressed)
        {
            throw conflict;
        }
    }

    protected override void Consume(RelationalDataReader reader)
    {
        base.Consume(reader);

        // Reading past EF's results runs into an error of the statements appended after them, if any.
        while (reader.DbDataReader.NextResult())
        {
        }

        CheckUpdatedRows(reader, async: false, default).GetAwaiter().GetResult();
    }

    protected override async Task ConsumeAsync(RelationalDataReader reader, CancellationToken cancellationToken = default)
    {
        await base.ConsumeAsync(reader, cancellationToken).ConfigureAwait(false);
        while (await reader.DbDataReader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        await CheckUpdatedRows(reader, async: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A set-based update stands for one EF command per entity, each of which must update its row: fewer rows means
    /// some were deleted or changed behind the context's back, which is reported like EF's own concurrency failures
    /// (through the logger, so interceptors, Versioning's undo among them, see it).
    /// </summary>
    private async Task CheckUpdatedRows(RelationalDataReader reader, bool async, CancellationToken cancellationToken)
    {
        if (_updates == null)
        {
            return;
        }

        // Rows affected per statement: what Npgsql's own batch reads for EF's commands (obsolete only in favour of
        // NpgsqlBatch, which EF does not use).
#pragma warning disable CS0618
        var statements = ((NpgsqlDataReader)reader.DbDataReader).Statements;
#pragma warning restore CS0618
        foreach (var (statement, update) in _updates)
        {
            var updated = statements[statement].Rows;
            if (updated == (ulong)update.Rows.Count)
            {
                continue;
            }

            var context = Dependencies.CurrentContext.Context;
            var exception = new SetBasedUpdateConcurrencyException(
                VersioningStrings.SetBasedUpdateConcurrency(update.Rows.Count, updated, update.Table.DisplayName()), update.Entries);
            var entries = NpgsqlInternals.UpdateEntries(update.Entries);
            var result = async
                ? await Dependencies.UpdateLogger.OptimisticConcurrencyExceptionAsync(context, entries, exception, null, cancellationToken).ConfigureAwait(false)
                : Dependencies.UpdateLogger.OptimisticConcurrencyException(context, entries, exception, null);
            if (!result.IsSuppressed)
            {
                throw exception;
            }
        }
    }

    /// <summary>
    /// Starts the next statement, on a table with capture triggers, with the mark saying it is Versioning's, which writes
    /// its rows itself (<see cref="DatabaseTriggerSettings.OwnStatementMarker"/>).
    /// </summary>
    private void MarkIfCaptured(IEntityType table)
    {
        if (_modelHasCapture && DatabaseTriggerSettings.MarksStatementsOn(table))
        {
            _sql.Append(DatabaseTriggerSettings.OwnStatementMarker);
        }
    }

    /// <summary>Lets EF add the command (its parameters and result mapping) and returns its SQL instead of appending it.</summary>
    private string WriteCommand(IReadOnlyModificationCommand modificationCommand)
        => WriteCommandInto(modificationCommand).ToString();

    /// <summary>Lets EF add the command (its parameters and result mapping), writing its SQL into a builder of its own.</summary>
    private StringBuilder WriteCommandInto(IReadOnlyModificationCommand modificationCommand)
    {
        var command = _command ??= new StringBuilder();
        command.Clear();
        _writingCommand = true;
        try
        {
            base.AddCommand(modificationCommand);
        }
        finally
        {
            _writingCommand = false;
        }

        return command;
    }

    private BatchedPrecondition? Precondition(IReadOnlyModificationCommand command)
    {
        foreach (var entry in command.Entries)
        {
            if (_writes.PreconditionOf(entry.ToEntityEntry().Entity) is { } precondition)
            {
                return precondition;
            }
        }

        return null;
    }

    private IReadOnlyList<BatchedRows>? AttachedRows(IReadOnlyModificationCommand command)
    {
        var entries = command.Entries;
        if (entries is [{ SharedIdentityEntry: null } entry])
        {
            return _writes.AttachedTo(entry.ToEntityEntry().Entity, command.TableName, command.Schema);
        }

        // Several entities sharing the row (table splitting), each with rows of its own; or a row deleted and inserted
        // again under its key by one save: one command of the new entity, whose shared identity is the deleted one, and
        // the deleted entity's rows (its closing history row, its log row) ride with it too.
        List<BatchedRows>? rows = null;
        foreach (var candidate in entries)
        {
            Collect(candidate, ref rows);
            if (candidate.SharedIdentityEntry is { } shared)
            {
                Collect(shared, ref rows);
            }
        }

        return rows;

        void Collect(IUpdateEntry updateEntry, ref List<BatchedRows>? collected)
        {
            if (_writes.AttachedTo(updateEntry.ToEntityEntry().Entity, command.TableName, command.Schema) is { } attached)
            {
                (collected ??= []).AddRange(attached);
            }
        }
    }
}
#pragma warning restore EF1001
