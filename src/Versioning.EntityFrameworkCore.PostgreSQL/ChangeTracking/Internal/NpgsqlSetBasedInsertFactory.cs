using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Storage.Internal.Mapping;
using NpgsqlTypes;
using Versioning.EntityFrameworkCore.ChangeTracking.Internal;

namespace Versioning.EntityFrameworkCore.PostgreSQL.ChangeTracking.Internal;

#pragma warning disable EF1001 // NpgsqlTypeMapping tells the array parameter's PostgreSQL type; pinned to Npgsql 10.0.x.

/// <summary>
/// Inserts many rows of one table with <c>INSERT INTO t (c1, …) SELECT * FROM unnest(@v0, …)</c>: one array parameter
/// per column, one statement whatever the number of rows (DESIGN §7 measured 1.38x plain EF at 1,000 history rows,
/// against 2.6x for one EF entity per row). Values go through the columns' value converters, as EF would write them.
/// </summary>
internal sealed class NpgsqlSetBasedInsertFactory(ISqlGenerationHelper sqlGenerationHelper) : ISetBasedInsertFactory
{
    /// <summary>
    /// Below this, one more round trip costs more than EF's batched inserts save (DESIGN §7: they cross near 10 rows).
    /// </summary>
    public int MinimumRows => 10;

    public SetBasedStatement? Create(IEntityType table, IReadOnlyList<IProperty> columns, IReadOnlyList<object?[]> rows)
    {
        var store = StoreObjectIdentifier.Table(table.GetTableName()!, table.GetSchema());
        var sql = new StringBuilder("INSERT INTO ").Append(sqlGenerationHelper.DelimitIdentifier(store.Name, store.Schema)).Append(" (");
        var parameters = new object[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            if (CreateArrayParameter(columns[c], c, rows) is not { } parameter)
            {
                return null;
            }

            parameters[c] = parameter;
            sql.Append(c == 0 ? "" : ", ").Append(sqlGenerationHelper.DelimitIdentifier(columns[c].GetColumnName(store)!));
        }

        sql.Append(") SELECT * FROM unnest(");
        for (var c = 0; c < columns.Count; c++)
        {
            sql.Append(c == 0 ? "@v" : ", @v").Append(c);
        }

        return new SetBasedStatement(sql.Append(')').ToString(), parameters);
    }

    private static NpgsqlParameter? CreateArrayParameter(IProperty column, int index, IReadOnlyList<object?[]> rows)
    {
        var mapping = column.GetRelationalTypeMapping();
        var converter = mapping.Converter;
        var providerType = converter?.ProviderClrType ?? column.ClrType;
        var elementType = providerType.IsValueType && Nullable.GetUnderlyingType(providerType) == null && column.IsNullable
            ? typeof(Nullable<>).MakeGenericType(providerType)
            : providerType;
        if (elementType == typeof(byte[]) || elementType.IsArray)
        {
            // Arrays of arrays become multidimensional arrays in PostgreSQL; keep those columns on EF's path.
            return null;
        }

        var values = Array.CreateInstance(elementType, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var value = rows[r][index];
            values.SetValue(value == null || converter == null ? value : converter.ConvertToProvider(value), r);
        }

        var parameter = new NpgsqlParameter("v" + index, values);
        if (mapping is NpgsqlTypeMapping npgsqlMapping)
        {
            parameter.NpgsqlDbType = NpgsqlDbType.Array | npgsqlMapping.NpgsqlDbType;
        }

        return parameter;
    }
}
