using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail;

/// <summary>
/// Checks the audit trail's deferred constraints of the tables a save wrote before EF accepts the save: the constraints
/// are checked at commit so that a writer losing a race sees EF's concurrency failure (its UPDATE of the old revision
/// found nothing), but a genuine duplicate must fail the save itself as a <see cref="DbUpdateException"/>, not the
/// commit after it (EF's own, or the application's, after EF accepted the changes). Runs in a last batch of EF's save,
/// after EF checked its commands' rows: <c>SET CONSTRAINTS … IMMEDIATE</c> checks what is pending, and
/// <c>SET CONSTRAINTS … DEFERRED</c> puts them back for the rest of the transaction. A save without a transaction (one
/// statement) was checked when that statement committed, and needs nothing.
/// </summary>
internal sealed class DeferredConstraintCheck(string constraints, IReadOnlyList<EntityEntry> entries) : ILastBatchWrite
{
    /// <summary>The constraints checked: delimited, comma-separated names.</summary>
    public string Constraints => constraints;

    public bool HasWork => true;

    public IReadOnlyList<EntityEntry> Entries => entries;

    public string FailureMessage => VersioningStrings.DeferredConstraintViolated;

    /// <summary>The statement that checks <paramref name="constraints"/> (delimited, comma-separated names) now.</summary>
    public static string Sql(string constraints)
        => $"SET CONSTRAINTS {constraints} IMMEDIATE;SET CONSTRAINTS {constraints} DEFERRED";

    /// <summary>The constraints of the tables of <paramref name="entries"/>' entity types, or <see langword="null"/> when none is deferred.</summary>
    public static DeferredConstraintCheck? For(IReadOnlyList<EntityEntry> entries, ISqlGenerationHelper sql)
    {
        // Usually one entity type per save: its names, joined once per model, need no set.
        IEntityType? single = null;
        SortedSet<string>? names = null;
        foreach (var entry in entries)
        {
            var entityType = entry.Metadata;
            if (entityType == single)
            {
                continue;
            }

            if (single != null)
            {
                (names ??= new SortedSet<string>(NamesOf(single, sql).Names, StringComparer.Ordinal)).UnionWith(NamesOf(entityType, sql).Names);
            }

            single ??= entityType;
        }

        var joined = names != null ? string.Join(", ", names) : single == null ? "" : NamesOf(single, sql).Joined;
        return joined.Length == 0 ? null : new DeferredConstraintCheck(joined, entries);
    }

    // Resolved once per model and entity type (a runtime annotation): a save only looks them up.
    private static TableConstraints NamesOf(IEntityType entityType, ISqlGenerationHelper sql)
        => entityType.GetOrAddRuntimeAnnotationValue(
            VersioningAnnotationNames.DeferredConstraintNames,
            static arg =>
            {
                var (type, helper) = arg;
                string[] names =
                [
                    .. type.GetIndexes()
                        .Where(i => i.FindAnnotation(VersioningAnnotationNames.DeferredConstraint)?.Value is true && i.GetDatabaseName() != null)
                        .Select(i => helper.DelimitIdentifier(i.GetDatabaseName()!, type.GetSchema()))
                        .Order(StringComparer.Ordinal),
                ];
                return new TableConstraints(names, string.Join(", ", names));
            },
            (entityType, sql));

    private sealed record TableConstraints(string[] Names, string Joined);

    public void Write(DbContext context, DbConnection connection, DbTransaction? transaction)
    {
        if (transaction != null)
        {
            using var command = Command(connection, transaction);
            command.ExecuteNonQuery();
        }
    }

    public async Task WriteAsync(DbContext context, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction != null)
        {
            await using var command = Command(connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Written()
    {
    }

    private DbCommand Command(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql(Constraints);
        return command;
    }
}
