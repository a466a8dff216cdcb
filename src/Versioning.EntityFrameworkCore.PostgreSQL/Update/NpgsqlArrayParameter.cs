using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Storage.Internal.Mapping;
using NpgsqlTypes;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// One column of many rows as a PostgreSQL array parameter, for <c>INSERT … SELECT * FROM unnest(@a, @b, …)</c>: one
/// parameter per column whatever the number of rows. Values go through the column's value converter, as EF writes them.
/// </summary>
/// <remarks>
/// A command batch adds its parameters to every command it creates, and EF creates the command again when an execution
/// strategy retries the save: each command gets a new <see cref="NpgsqlParameter"/> over the same array.
/// </remarks>
internal sealed class NpgsqlArrayParameter : IRelationalParameter
{
    private readonly Array _values;
    private readonly NpgsqlDbType? _type;

    private NpgsqlArrayParameter(string invariantName, Array values, NpgsqlDbType? type)
    {
        InvariantName = invariantName;
        _values = values;
        _type = type;
    }

    public string InvariantName { get; }

    /// <summary>
    /// Returns the array of column <paramref name="index"/> of <paramref name="rows"/>, or <see langword="null"/> when the
    /// column's values are arrays themselves (an array of arrays is a multidimensional array in PostgreSQL).
    /// </summary>
    public static NpgsqlArrayParameter? Create(string name, IProperty column, IReadOnlyList<object?[]> rows, int index)
    {
        var mapping = column.GetRelationalTypeMapping();
        var converter = mapping.Converter;
        var providerType = converter?.ProviderClrType ?? column.ClrType;
        var elementType = providerType.IsValueType && Nullable.GetUnderlyingType(providerType) == null && column.IsNullable
            ? typeof(Nullable<>).MakeGenericType(providerType)
            : providerType;
        if (elementType == typeof(byte[]) || elementType.IsArray)
        {
            return null;
        }

        var values = Array.CreateInstance(elementType, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var value = rows[r][index];
            values.SetValue(value == null || converter == null ? value : converter.ConvertToProvider(value), r);
        }

        return new NpgsqlArrayParameter(name, values, mapping is NpgsqlTypeMapping npgsql ? NpgsqlDbType.Array | npgsql.NpgsqlDbType : null);
    }

    public void AddDbParameter(DbCommand command, object? value) => Add(command);

    public void AddDbParameter(DbCommand command, IReadOnlyDictionary<string, object?>? parameterValues) => Add(command);

    private void Add(DbCommand command)
    {
        var parameter = new NpgsqlParameter(InvariantName, _values);
        if (_type is { } type)
        {
            parameter.NpgsqlDbType = type;
        }

        command.Parameters.Add(parameter);
    }
}
