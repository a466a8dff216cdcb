using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Properties;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

// The idempotency part of change events in VersioningModelBuilderExtensions: see Extensions/ for the rest.
public static partial class VersioningModelBuilderExtensions
{
    /// <summary>
    /// Maps <see cref="ProcessedChangeEvent"/> (table <c>ProcessedChangeEvents</c>, keyed by consumer and event id), the
    /// record of the change events a consumer has processed, for <c>db.MarkChangeEventProcessed(...)</c>.
    /// </summary>
    /// <param name="modelBuilder">The model builder of the consumer's context.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ModelBuilder HasProcessedChangeEvents(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ProcessedChangeEvent>(b =>
        {
            b.ToTable("ProcessedChangeEvents");
            b.HasKey(e => new { e.Consumer, e.EventId });
        });
        return modelBuilder;
    }
}

// The idempotency part of change events in VersioningDbContextExtensions: see Extensions/ for the rest.
public static partial class VersioningDbContextExtensions
{
    /// <summary>
    /// Records that <paramref name="consumer"/> processes <paramref name="changeEvent"/>, unless it already did: one
    /// <c>INSERT … ON CONFLICT DO NOTHING</c> (PostgreSQL, SQLite), run at once in the context's current transaction.
    /// Begin a transaction, call this first, and do the handler's work only when it returns <see langword="true"/>; commit
    /// both together, and a redelivered event is skipped (seed audit-log-ttl-design's idempotency keys).
    /// </summary>
    /// <param name="context">The consumer's context; its model maps <see cref="ProcessedChangeEvent"/> (<c>HasProcessedChangeEvents()</c>).</param>
    /// <param name="changeEvent">The event being handled.</param>
    /// <param name="consumer">The consumer's name.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns><see langword="true"/> the first time; <see langword="false"/> when the consumer already processed the event.</returns>
    /// <exception cref="InvalidOperationException">The model does not map <see cref="ProcessedChangeEvent"/>.</exception>
    public static async Task<bool> MarkChangeEventProcessedAsync(
        this DbContext context, ChangeEvent changeEvent, string consumer, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = MarkProcessed(context, changeEvent, consumer);
        return await context.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken) == 1;
    }

    /// <inheritdoc cref="MarkChangeEventProcessedAsync"/>
    public static bool MarkChangeEventProcessed(this DbContext context, ChangeEvent changeEvent, string consumer)
    {
        var (sql, parameters) = MarkProcessed(context, changeEvent, consumer);
        return context.Database.ExecuteSqlRaw(sql, parameters) == 1;
    }

    private static (string Sql, object[] Parameters) MarkProcessed(DbContext context, ChangeEvent changeEvent, string consumer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(changeEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        var entityType = context.Model.FindEntityType(typeof(ProcessedChangeEvent))
            ?? throw new InvalidOperationException(VersioningStrings.ProcessedChangeEventsNotMapped(context.GetType().Name));
        var sql = context.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var names = new List<string>();
        var parameters = new List<object>();
        using var command = context.Database.GetDbConnection().CreateCommand();
        foreach (var (property, value) in new (string, object)[]
                 {
                     (nameof(ProcessedChangeEvent.Consumer), consumer),
                     (nameof(ProcessedChangeEvent.EventId), changeEvent.Id),
                     (nameof(ProcessedChangeEvent.ProcessedAt), DateTime.UtcNow),
                 })
        {
            // Each value as the model maps it (a SQLite Guid is text), like EF's own insert would write it.
            var column = entityType.GetProperty(property);
            var name = "p" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add(column.GetRelationalTypeMapping().CreateParameter(command, sql.GenerateParameterName(name), value));
            names.Add(sql.DelimitIdentifier(column.GetColumnName(table)!));
        }

        var placeholders = Enumerable.Range(0, parameters.Count)
            .Select(i => sql.GenerateParameterNamePlaceholder("p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return (
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", placeholders)}) ON CONFLICT DO NOTHING",
            [.. parameters]);
    }
}
