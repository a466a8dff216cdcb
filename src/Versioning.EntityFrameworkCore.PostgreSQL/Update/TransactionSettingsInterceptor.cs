using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// In a model with capture triggers (<c>HasDatabaseCapture()</c>), gives every transaction EF begins or joins the
/// actor, correlation id and reason of the context (its change scope, else its <c>IActorAccessor</c>) as
/// transaction-local settings, so that raw SQL the application runs in it is captured under its user, not under
/// nobody. One statement per transaction, only for such models. Stateless.
/// </summary>
internal sealed class TransactionSettingsInterceptor : DbTransactionInterceptor
{
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
        => Apply(result, eventData.Context);

    public override ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        => ApplyAsync(result, eventData.Context, cancellationToken);

    public override DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
        => Apply(result, eventData.Context);

    public override ValueTask<DbTransaction> TransactionUsedAsync(
        DbConnection connection, TransactionEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        => ApplyAsync(result, eventData.Context, cancellationToken);

    private static DbTransaction Apply(DbTransaction transaction, DbContext? context)
    {
        if (Settings(context, transaction) is { } command)
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
        if (Settings(context, transaction) is { } command)
        {
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return transaction;
    }

    private static DbCommand? Settings(DbContext? context, DbTransaction transaction)
    {
        if (context == null || !DatabaseTriggerSettings.HasCapture(context.Model))
        {
            return null;
        }

        var state = context.GetService<VersioningContextState>();
        var scope = state.CurrentScope;
        var actor = ActorResolver.Resolve(context, scope, state.ScopedServices ?? ApplicationServices.OfUnbound(context), required: false);
        return DatabaseTriggerSettings.SetCommand(transaction, actor, scope?.CorrelationId, scope?.Reason);
    }
}
