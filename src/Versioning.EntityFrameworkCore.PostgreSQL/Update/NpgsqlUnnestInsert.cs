using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// The one way Versioning inserts many rows of a table on PostgreSQL: <c>INSERT INTO t (a, b, …) SELECT * FROM
/// unnest(@a, @b, …)</c>, one array parameter per column whatever the number of rows. Inside EF's batch
/// (<see cref="NpgsqlBatchedSqlWriter"/>) and in the activity log's own statement alike.
/// </summary>
internal static class NpgsqlUnnestInsert
{
    /// <summary>
    /// The array of each column of <paramref name="rows"/>, named by <paramref name="nextName"/>, or
    /// <see langword="null"/> when a column's values are arrays themselves (which cannot be unnested into rows).
    /// </summary>
    public static NpgsqlArrayParameter[]? Arrays(IReadOnlyList<IProperty> columns, IReadOnlyList<object?[]> rows, Func<string> nextName)
    {
        var arrays = new NpgsqlArrayParameter[columns.Count];
        for (var c = 0; c < arrays.Length; c++)
        {
            if (NpgsqlArrayParameter.Create(nextName(), columns[c], rows, c) is not { } array)
            {
                return null;
            }

            arrays[c] = array;
        }

        return arrays;
    }

    /// <summary>Appends <c>INSERT INTO t (…) SELECT * FROM unnest(@a, @b, …)</c>, without a terminator.</summary>
    public static void Append(
        StringBuilder builder, ISqlGenerationHelper sql, IEntityType table, IReadOnlyList<IProperty> columns, NpgsqlArrayParameter[] arrays)
    {
        builder.Append(Header(table, columns, sql)).Append(" SELECT * FROM unnest(");
        for (var c = 0; c < arrays.Length; c++)
        {
            builder.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(arrays[c].InvariantName));
        }

        builder.Append(')');
    }

    /// <summary>
    /// <c>INSERT INTO t (a, b, …)</c>. The text only depends on the table and its columns, so it is kept with the table's
    /// entity type in the model (a runtime annotation, as EF caches per-model values) with the columns it lists; looking
    /// up and delimiting each column's name on every save showed in the one-row profile. History and log rows pass the
    /// same column list every time; bulk revisions build an equal one per save.
    /// </summary>
    public static string Header(IEntityType table, IReadOnlyList<IProperty> columns, ISqlGenerationHelper sql)
    {
        var cached = table.FindRuntimeAnnotationValue(VersioningAnnotationNames.BatchedInsertHeader) as InsertHeader;
        if (cached == null || !(ReferenceEquals(cached.Columns, columns) || cached.Columns.SequenceEqual(columns)))
        {
            cached = new InsertHeader(columns, BuildHeader(table, columns, sql));
            table.SetRuntimeAnnotation(VersioningAnnotationNames.BatchedInsertHeader, cached);
        }

        return cached.Text;
    }

    private static string BuildHeader(IEntityType entityType, IReadOnlyList<IProperty> columns, ISqlGenerationHelper sql)
    {
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var header = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" (");
        for (var c = 0; c < columns.Count; c++)
        {
            header.Append(c == 0 ? "" : ", ").Append(sql.DelimitIdentifier(columns[c].GetColumnName(table)!));
        }

        return header.Append(')').ToString();
    }

    /// <summary>An INSERT header and the column list it was written for.</summary>
    private sealed record InsertHeader(IReadOnlyList<IProperty> Columns, string Text);
}
