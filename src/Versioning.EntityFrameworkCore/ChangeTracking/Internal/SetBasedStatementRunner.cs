using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

/// <summary>
/// Runs the set-based statements of a save inside a transaction that EF's own batch then joins, so that history rows
/// and the change they describe commit or roll back together (DESIGN §1). The transaction is begun here and kept in
/// the context's <see cref="VersioningContextState"/> until the save ends: committed when it succeeds, rolled back when
/// it fails. Used only when nobody else owns the transaction (see <see cref="CanRun"/>).
/// </summary>
internal static class SetBasedStatementRunner
{
    /// <summary>
    /// Whether a save on this context may begin its own transaction: not when the application has one (EF would
    /// roll back only to its savepoint, after our statement), nor under an ambient transaction, nor with a retrying
    /// execution strategy (which forbids user-initiated transactions).
    /// </summary>
    public static bool CanRun(DbContext context)
    {
        var database = context.Database;
        return database.IsRelational()
            && database.CurrentTransaction == null
            && System.Transactions.Transaction.Current == null
            && !database.CreateExecutionStrategy().RetriesOnFailure;
    }

    public static async Task RunAsync(DbContext context, VersioningChangeSet changeSet, VersioningContextState state, bool async, CancellationToken cancellationToken)
    {
        if (changeSet.Statements.Count == 0)
        {
            return;
        }

        var database = context.Database;
        var transaction = async ? await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : database.BeginTransaction();
        state.OwnedTransaction = new OwnedTransaction(transaction, database.AutoSavepointsEnabled);

        // EF would add a savepoint to a transaction it does not own; ours ends with the save, so it needs none.
        database.AutoSavepointsEnabled = false;
        foreach (var statement in changeSet.Statements)
        {
            try
            {
                if (async)
                {
                    await database.ExecuteSqlRawAsync(statement.Sql, statement.Parameters, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    database.ExecuteSqlRaw(statement.Sql, statement.Parameters);
                }
            }
            catch (DbException exception)
            {
                // Reported like a failure of EF's own batch, so that the application's handling of failed saves
                // (a duplicate history key means another writer closed the same version first) applies unchanged.
                throw new DbUpdateException(VersioningStrings.SetBasedStatementFailed, exception);
            }
        }
    }

    public static async Task EndAsync(DbContext context, VersioningContextState state, bool commit, bool async, CancellationToken cancellationToken)
    {
        if (state.OwnedTransaction is not { } owned)
        {
            return;
        }

        state.OwnedTransaction = null;
        context.Database.AutoSavepointsEnabled = owned.AutoSavepointsEnabled;
        try
        {
            if (commit)
            {
                if (async)
                {
                    await owned.Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    owned.Transaction.Commit();
                }
            }
            else if (async)
            {
                await owned.Transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                owned.Transaction.Rollback();
            }
        }
        finally
        {
            if (async)
            {
                await owned.Transaction.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                owned.Transaction.Dispose();
            }
        }
    }
}

/// <summary>A transaction Versioning began for one save, and the savepoint setting to put back after it.</summary>
internal sealed record OwnedTransaction(IDbContextTransaction Transaction, bool AutoSavepointsEnabled);
