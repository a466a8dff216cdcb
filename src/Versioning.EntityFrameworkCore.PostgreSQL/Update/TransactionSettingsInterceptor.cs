using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// The database settings of a context. In a model with capture triggers (<c>HasDatabaseCapture()</c>), gives every
/// transaction EF begins or joins the actor, correlation id and reason of the context (its change scope, else its
/// <c>IActorAccessor</c>) as transaction-local settings, so that raw SQL the application runs in it is captured under its
/// user, not under nobody. The strategies' session settings (<see cref="NpgsqlVersioningStrategy.SessionSettings"/>:
/// the tenant that row-level security policies read) are set on the connection, session-level, in the same statement
/// when a transaction starts, and before any command EF runs when they are not what the connection holds (the tenant
/// changed, the connection was closed, a rollback undid them): queries and saves without a transaction need them too.
/// One statement per transaction, and per change of the session settings; none for models without either. Stateless:
/// what a connection holds is remembered in the context's state.
/// </summary>
internal sealed class TransactionSettingsInterceptor : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
        => Apply(result, eventData.Context);

    public ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        => ApplyAsync(result, eventData.Context, cancellationToken);

    public DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
        => Apply(result, eventData.Context);

    public ValueTask<DbTransaction> TransactionUsedAsync(
        DbConnection connection, TransactionEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        => ApplyAsync(result, eventData.Context, cancellationToken);

    // A rollback undoes session settings set in the transaction; an opened connection may be another physical one (a
    // closed one went back to Npgsql's pool, which resets it): the next command sets them again. (Opened, not closed: a
    // context closes its connection while it is being disposed, when its services can no longer be asked.)
    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        => Forget(eventData.Context, Task.CompletedTask);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        => Forget(eventData.Context, Task.CompletedTask);

    public void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => Forget(eventData.Context);

    public Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
        => Forget(eventData.Context, Task.CompletedTask);

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Forget(eventData.Context);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        => Forget(eventData.Context, Task.CompletedTask);

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        => Ensure(command, eventData, result);

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        => EnsureAsync(command, eventData, result, cancellationToken);

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        => Ensure(command, eventData, result);

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        => EnsureAsync(command, eventData, result, cancellationToken);

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        => Ensure(command, eventData, result);

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        => EnsureAsync(command, eventData, result, cancellationToken);

    private static DbTransaction Apply(DbTransaction transaction, DbContext? context)
    {
        if (TransactionSettings(context, transaction) is { } command)
        {
            using (command)
            {
                command.ExecuteNonQuery();
            }
        }

        return transaction;
    }

    private static async ValueTask<DbTransaction> ApplyAsync(DbTransaction transaction, DbContext? context, CancellationToken cancellationToken)
    {
        if (TransactionSettings(context, transaction) is { } command)
        {
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return transaction;
    }

    private static T Ensure<T>(DbCommand command, CommandEventData eventData, T result)
    {
        if (SessionSettings(eventData, command) is { } settings)
        {
            using (settings)
            {
                settings.ExecuteNonQuery();
            }
        }

        return result;
    }

    private static async ValueTask<T> EnsureAsync<T>(DbCommand command, CommandEventData eventData, T result, CancellationToken cancellationToken)
    {
        if (SessionSettings(eventData, command) is { } settings)
        {
            await using (settings.ConfigureAwait(false))
            {
                await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    /// <summary>The statement a transaction starts with: the capture settings (transaction-local) and the session settings.</summary>
    private static DbCommand? TransactionSettings(DbContext? context, DbTransaction transaction)
    {
        if (context == null)
        {
            return null;
        }

        // Most models have neither kind of setting: nothing is allocated for them.
        List<DatabaseSetting>? settings = null;
        if (DatabaseTriggerSettings.HasCapture(context.Model))
        {
            var state = context.GetService<VersioningContextState>();
            var scope = state.CurrentScope;
            var actor = ActorResolver.Resolve(context, scope, state.ScopedServices ?? ApplicationServices.OfUnbound(context), required: false);
            (settings = []).AddRange(DatabaseTriggerSettings.Of(actor, scope?.CorrelationId, scope?.Reason));
        }

        if (Wanted(context) is { } session && Remember(context, transaction.Connection!, session))
        {
            (settings ??= []).AddRange(session);
        }

        return settings == null ? null : DatabaseTriggerSettings.SetCommand(transaction.Connection!, transaction, settings);
    }

    /// <summary>
    /// The statement that sets the session settings before <paramref name="command"/>, when the connection lacks them. Not
    /// for a migration's commands: they change the schema as its owner, and a migration that moves rows of a table with
    /// row-level security sets what its policy needs itself.
    /// </summary>
    private static DbCommand? SessionSettings(CommandEventData eventData, DbCommand command)
        => eventData is { Context: { } context, CommandSource: not CommandSource.Migrations }
            && command.Connection is { } connection && Wanted(context) is { } settings && Remember(context, connection, settings)
            ? DatabaseTriggerSettings.SetCommand(connection, command.Transaction, settings)
            : null;

    private static List<DatabaseSetting>? Wanted(DbContext context)
    {
        List<DatabaseSetting>? settings = null;
        foreach (var strategy in NpgsqlVersioningStrategies.All)
        {
            foreach (var (name, value) in strategy.SessionSettings(context))
            {
                (settings ??= []).Add(new DatabaseSetting(name, value, Local: false));
            }
        }

        return settings;
    }

    /// <summary>Records that <paramref name="connection"/> holds <paramref name="settings"/>; returns whether it did not yet.</summary>
    private static bool Remember(DbContext context, DbConnection connection, List<DatabaseSetting> settings)
    {
        var held = context.GetService<VersioningContextState>().Of<SessionSettingsState>();
        var key = string.Join('\n', settings.Select(s => s.Name + "=" + s.Value));
        if (ReferenceEquals(held.Connection, connection) && held.Settings == key)
        {
            return false;
        }

        (held.Connection, held.Settings) = (connection, key);
        return true;
    }

    private static void Forget(DbContext? context)
    {
        if (context?.GetService<VersioningContextState>() is { } state)
        {
            state.Of<SessionSettingsState>().Reset();
        }
    }

    private static Task Forget(DbContext? context, Task done)
    {
        Forget(context);
        return done;
    }

    /// <summary>What the context's connection holds of the session settings, as far as Versioning set them.</summary>
    private sealed class SessionSettingsState : IStrategyContextState
    {
        public DbConnection? Connection { get; set; }

        public string? Settings { get; set; }

        public bool HasPendingWork => false;

        public void Reset() => (Connection, Settings) = (null, null);
    }
}
