using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// What a strategy's <see cref="INpgsqlBulkCaptureWriter"/> writes its CTE with: the text being built, the names of the
/// old rows (<see cref="OldRows"/>, as they were before the statement, locked) and of the rows the statement wrote or
/// deleted (<see cref="WrittenRows"/>, as <c>RETURNING *</c> gives them), the column names of the statement's table, and
/// the command, to add the execution's values as parameters.
/// </summary>
internal sealed class BulkCaptureSql(DbContext context, BulkCapture capture, DbCommand command, ISqlGenerationHelper sqlGenerationHelper, StringBuilder builder)
{
    /// <summary>The CTE of the old rows.</summary>
    public const string OldRows = "versioning_old";

    /// <summary>The CTE of the rows the statement wrote (an update's new values) or deleted.</summary>
    public const string WrittenRows = "versioning_rows";

    private readonly StoreObjectIdentifier _table = StoreObjectIdentifier.Table(capture.EntityType.GetTableName()!, capture.EntityType.GetSchema());

    public BulkCapture Capture { get; } = capture;

    /// <summary>The context the statement runs in.</summary>
    public DbContext Context { get; } = context;

    public StringBuilder Builder { get; } = builder;

    public ISqlGenerationHelper Helper { get; } = sqlGenerationHelper;

    /// <summary>Whether the statement deletes its rows (a delete that soft delete made an update keeps them).</summary>
    public bool DeletesRows { get; init; }

    /// <summary>The delimited column of <paramref name="property"/> in the statement's table.</summary>
    public string Column(IProperty property)
        => Helper.DelimitIdentifier(property.GetColumnName(_table)!);

    /// <summary><c>alias."key" = other."key" AND …</c> over the primary key of the statement's entity type.</summary>
    public string KeyJoin(string alias, string other)
        => string.Join(
            " AND ",
            Capture.EntityType.FindPrimaryKey()!.Properties.Select(p => $"{alias}.{Column(p)} = {other}.{Column(p)}"));

    /// <summary>
    /// Adds a parameter of the command (named <c>@versioning_<paramref name="name"/></c>) typed by
    /// <paramref name="typeMapping"/>, and returns its placeholder.
    /// </summary>
    public string Parameter(string name, RelationalTypeMapping typeMapping, object? value)
    {
        var placeholder = "@versioning_" + name;
        command.Parameters.Add(typeMapping.CreateParameter(command, placeholder, value, nullable: true));
        return placeholder;
    }

    /// <summary>Adds a parameter of the command typed by the provider's default mapping of <typeparamref name="T"/>.</summary>
    public string Parameter<T>(string name, T value)
        => Parameter(name, Context.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(T))!, value);

    /// <summary>A SQL string literal of <paramref name="text"/>.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
