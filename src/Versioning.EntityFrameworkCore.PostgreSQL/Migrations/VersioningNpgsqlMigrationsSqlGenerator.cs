using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Migrations;


/// <summary>
/// Npgsql's migrations SQL generator plus what EF's model cannot express: after creating a table it adds the statements
/// the strategies' PostgreSQL parts ask for (temporal history's exclusion constraint, see
/// <see cref="NpgsqlVersioningStrategy.ConstraintOf"/>), and it creates unique indexes marked as checked at commit
/// (the audit trail's) as deferred constraints (see the <see cref="CreateIndexOperation"/> overload), which it can drop
/// again; a renamed table takes the names the strategies gave after it along, and columns a strategy adds to a table
/// holding rows get the values those rows need (<see cref="NpgsqlVersioningStrategy.ExistingRowsValue"/>). EnsureCreated
/// and migrations both use it.
/// </summary>
/// <remarks>
/// An application that needs a generator of its own derives it from this class (it derives from Npgsql's) and registers
/// it with <c>ReplaceService&lt;IMigrationsSqlGenerator, TGenerator&gt;()</c>; any other replacement is refused when the
/// context is configured, since it would silently drop the constraints above.
/// </remarks>
#pragma warning disable RS0026 // EF's Generate overloads take an optional terminate; these override them, so the signatures are EF's.
public class VersioningNpgsqlMigrationsSqlGenerator : NpgsqlMigrationsSqlGenerator
{
    /// <summary>Creates the generator.</summary>
    /// <param name="dependencies">EF's dependencies of SQL generators.</param>
    /// <param name="npgsqlSingletonOptions">Npgsql's options.</param>
#pragma warning disable EF1001 // Npgsql's generator takes its internal INpgsqlSingletonOptions: see NpgsqlInternals.
    public VersioningNpgsqlMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, INpgsqlSingletonOptions npgsqlSingletonOptions)
        : base(dependencies, npgsqlSingletonOptions)
    {
    }
#pragma warning restore EF1001

    /// <summary>
    /// Generates the migration's commands, then what the strategies keep on the tables it touched and which depends on
    /// their columns (<see cref="NpgsqlVersioningStrategy.AfterTableMigrated"/>: the triggers of <c>HasDatabaseCapture()</c>),
    /// re-created from the target model at the end of the migration; the data the strategies move from one shape to
    /// another (<see cref="NpgsqlVersioningStrategy.MigrateData"/>: temporal history's authors) before and after them.
    /// </summary>
    /// <param name="operations">The migration's operations.</param>
    /// <param name="model">The target model.</param>
    /// <param name="options">How to generate the SQL.</param>
    /// <returns>The commands.</returns>
    public override IReadOnlyList<MigrationCommand> Generate(
        IReadOnlyList<MigrationOperation> operations, IModel? model = null, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
    {
        var sql = Dependencies.SqlGenerationHelper;
        var before = NpgsqlVersioningStrategies.All.SelectMany(s => s.MigrateData(operations, beforeOperations: true, model, sql)).ToList();
        var commands = base.Generate(operations, model, options);
        var after = TouchedTables(operations)
            .SelectMany(t => NpgsqlVersioningStrategies.All.SelectMany(s => s.AfterTableMigrated(t.Name, t.Schema, t.MayHaveHadThem, model, sql)))
            .Distinct()
            .Concat(NpgsqlVersioningStrategies.All.SelectMany(s => s.MigrateData(operations, beforeOperations: false, model, sql)))
            .ToList();
        if (before.Count == 0 && after.Count == 0)
        {
            return commands;
        }

        return [.. Commands(before), .. commands, .. Commands(after)];
    }

    private IReadOnlyList<MigrationCommand> Commands(IEnumerable<string> statements)
    {
        var builder = new MigrationCommandListBuilder(Dependencies);
        AppendStatements(builder, statements);
        return builder.GetCommandList();
    }

    /// <summary>
    /// Creates the table, then the constraints EF's model cannot express: those the operation's
    /// <see cref="VersioningNpgsqlAnnotationNames.ConstraintPrefix"/> annotations show (what the scaffolded migration
    /// says), else those the strategies give for the model's table (<see cref="NpgsqlVersioningStrategy.ConstraintOf"/>).
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="model">The target model.</param>
    /// <param name="builder">The command builder.</param>
    /// <param name="terminate">Whether to terminate the command.</param>
    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        base.Generate(operation, model, builder, terminate);
        if (!terminate)
        {
            return;
        }

        var sql = Dependencies.SqlGenerationHelper;
        List<(string Name, string Definition)> constraints =
        [
            .. operation.GetAnnotations()
                .Where(a => a.Name.StartsWith(VersioningNpgsqlAnnotationNames.ConstraintPrefix, StringComparison.Ordinal) && a.Value is string)
                .Select(a => (a.Name[VersioningNpgsqlAnnotationNames.ConstraintPrefix.Length..], (string)a.Value!)),
        ];
        if (constraints.Count == 0 && model?.GetRelationalModel().FindTable(operation.Name, operation.Schema) is { } table)
        {
            constraints = [.. NpgsqlVersioningStrategies.All.Select(s => s.ConstraintOf(table, sql)).OfType<(string, string)>()];
        }

        AppendStatements(builder, constraints.Select(c =>
            "ALTER TABLE " + sql.DelimitIdentifier(operation.Name, operation.Schema) + " ADD CONSTRAINT " + sql.DelimitIdentifier(c.Name) + " " + c.Definition));
    }

    /// <summary>
    /// Renames the table, then what the strategies named after it (<see cref="NpgsqlVersioningStrategy.AfterRenameTable"/>).
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="model">The target model.</param>
    /// <param name="builder">The command builder.</param>
    protected override void Generate(RenameTableOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        base.Generate(operation, model, builder);
        var sql = Dependencies.SqlGenerationHelper;
        AppendStatements(builder, NpgsqlVersioningStrategies.All.Select(strategy => strategy.AfterRenameTable(operation, model, sql)));
    }

    /// <summary>
    /// Adds a column a strategy keeps; when the strategy says what the rows the table already has must hold (an audited
    /// row is its current revision 1, a temporal row version 1 valid from now), the column is added with that default,
    /// which is then dropped, so that the column ends as the model has it (these columns have no default of their own).
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="model">The target model.</param>
    /// <param name="builder">The command builder.</param>
    /// <param name="terminate">Whether to terminate the command.</param>
    protected override void Generate(AddColumnOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (!terminate || ExistingRowsValue(operation, model) is not { } value)
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }

        var withValue = new AddColumnOperation
        {
            Table = operation.Table,
            Schema = operation.Schema,
            Name = operation.Name,
            ClrType = operation.ClrType,
            ColumnType = operation.ColumnType,
            IsNullable = operation.IsNullable,
            IsUnicode = operation.IsUnicode,
            MaxLength = operation.MaxLength,
            Precision = operation.Precision,
            Scale = operation.Scale,
            Collation = operation.Collation,
            Comment = operation.Comment,
            DefaultValueSql = value,
        };
        withValue.AddAnnotations(operation.GetAnnotations());
        base.Generate(withValue, model, builder, terminate);

        var sql = Dependencies.SqlGenerationHelper;
        builder
            .Append("ALTER TABLE ").Append(sql.DelimitIdentifier(operation.Table, operation.Schema))
            .Append(" ALTER COLUMN ").Append(sql.DelimitIdentifier(operation.Name))
            .Append(" DROP DEFAULT")
            .AppendLine(sql.StatementTerminator);
        EndStatement(builder);
    }

    /// <summary>
    /// Drops an index, or the constraint behind it: the audit trail's unique indexes are constraints checked at commit
    /// (see the <see cref="CreateIndexOperation"/> overload), which <c>DROP INDEX</c> cannot drop, and the model the
    /// index is dropped towards no longer says which it was.
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="model">The target model.</param>
    /// <param name="builder">The command builder.</param>
    /// <param name="terminate">Whether to terminate the command.</param>
    protected override void Generate(DropIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (operation.Table == null)
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }

        var sql = Dependencies.SqlGenerationHelper;
        builder
            .Append("ALTER TABLE ").Append(sql.DelimitIdentifier(operation.Table, operation.Schema))
            .Append(" DROP CONSTRAINT IF EXISTS ").Append(sql.DelimitIdentifier(operation.Name))
            .AppendLine(sql.StatementTerminator)
            .Append("DROP INDEX IF EXISTS ").Append(sql.DelimitIdentifier(operation.Name, operation.Schema));
        if (terminate)
        {
            builder.AppendLine(sql.StatementTerminator);
            EndStatement(builder);
        }
    }

    /// <summary>
    /// A unique index marked <see cref="VersioningAnnotationNames.DeferredConstraint"/> (audit trail) becomes a constraint
    /// checked at commit: <c>UNIQUE ... DEFERRABLE INITIALLY DEFERRED</c>, or with a filter (PostgreSQL has no partial
    /// unique constraint) <c>EXCLUDE USING btree (... WITH =) WHERE (...) DEFERRABLE INITIALLY DEFERRED</c>. Why: EF sends
    /// "retire the old revision" (an UPDATE conditioned on is_current) and "insert the new one" in one batch; when another
    /// writer got there first the UPDATE affects no row and EF raises DbUpdateConcurrencyException, but an index checked at
    /// once would already have failed the INSERT, and Npgsql reports that error instead. Checked at commit, the constraint
    /// never fires in the losing transaction (it rolls back) and still rejects any violation that would be committed.
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="model">The target model.</param>
    /// <param name="builder">The command builder.</param>
    /// <param name="terminate">Whether to terminate the command.</param>
    protected override void Generate(CreateIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (!operation.IsUnique || !IsDeferred(operation, model))
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }

        var sql = Dependencies.SqlGenerationHelper;
        builder
            .Append("ALTER TABLE ").Append(sql.DelimitIdentifier(operation.Table, operation.Schema))
            .Append(" ADD CONSTRAINT ").Append(sql.DelimitIdentifier(operation.Name));
        if (operation.Filter == null)
        {
            builder.Append(" UNIQUE (").Append(string.Join(", ", operation.Columns.Select(c => sql.DelimitIdentifier(c)))).Append(")");
        }
        else
        {
            builder
                .Append(" EXCLUDE USING btree (").Append(string.Join(", ", operation.Columns.Select(c => sql.DelimitIdentifier(c) + " WITH =")))
                .Append(") WHERE (").Append(operation.Filter).Append(")");
        }

        builder.Append(" DEFERRABLE INITIALLY DEFERRED");
        if (terminate)
        {
            builder.AppendLine(sql.StatementTerminator);
            builder.EndCommand();
        }
    }

    /// <summary>
    /// The tables the operations create, alter, rename (old and new name), drop or change the columns of, each with
    /// whether it may have had what a strategy keeps on it before the migration (altered, renamed away or dropped).
    /// </summary>
    private static IEnumerable<(string Name, string? Schema, bool MayHaveHadThem)> TouchedTables(IReadOnlyList<MigrationOperation> operations)
    {
        var tables = new Dictionary<(string, string?), bool>();
        void Touch(string name, string? schema, bool mayHaveHadThem)
            => tables[(name, schema)] = mayHaveHadThem || (tables.TryGetValue((name, schema), out var had) && had);

        foreach (var operation in operations)
        {
            switch (operation)
            {
                case CreateTableOperation create:
                    Touch(create.Name, create.Schema, false);
                    break;
                case AlterTableOperation alter:
                    Touch(alter.Name, alter.Schema, true);
                    break;
                case DropTableOperation drop:
                    Touch(drop.Name, drop.Schema, true);
                    break;
                case RenameTableOperation rename:
                    Touch(rename.Name, rename.Schema, true);
                    Touch(rename.NewName ?? rename.Name, rename.NewSchema ?? rename.Schema, false);
                    break;
                case ColumnOperation column:
                    Touch(column.Table, column.Schema, false);
                    break;
                case DropColumnOperation dropColumn:
                    Touch(dropColumn.Table, dropColumn.Schema, false);
                    break;
                case RenameColumnOperation renameColumn:
                    Touch(renameColumn.Table, renameColumn.Schema, false);
                    break;
            }
        }

        return tables.Select(t => (t.Key.Item1, t.Key.Item2, t.Value));
    }

    /// <summary>Appends each statement the strategies asked for (none when <see langword="null"/>), terminated.</summary>
    private void AppendStatements(MigrationCommandListBuilder builder, IEnumerable<string?> statements)
    {
        foreach (var statement in statements)
        {
            if (statement != null)
            {
                builder.Append(statement).AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
                EndStatement(builder);
            }
        }
    }

    // The operation's annotation (what the scaffolded migration shows), else the model's column (an operation built by hand).
    private static string? ExistingRowsValue(AddColumnOperation operation, IModel? model)
        => operation[VersioningNpgsqlAnnotationNames.ExistingRowsValue] as string
            ?? (model?.GetRelationalModel().FindTable(operation.Table, operation.Schema)?.FindColumn(operation.Name) is { } column
                ? VersioningNpgsqlAnnotationProvider.ExistingRowsValue(column)
                : null);

    private static bool IsDeferred(CreateIndexOperation operation, IModel? model)
        => operation[VersioningNpgsqlAnnotationNames.DeferredConstraint] is true
            || (model?.GetRelationalModel().FindTable(operation.Table, operation.Schema)?.Indexes
                .FirstOrDefault(i => i.Name == operation.Name)?.MappedIndexes
                .Any(i => i.FindAnnotation(VersioningAnnotationNames.DeferredConstraint)?.Value is true) ?? false);
}
#pragma warning restore RS0026
