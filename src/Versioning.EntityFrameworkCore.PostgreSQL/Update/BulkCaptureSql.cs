using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// What a strategy's <see cref="INpgsqlBulkCaptureWriter"/> writes its CTE with: the text being built, the rows the
/// statement wrote or deleted (<see cref="WrittenRows"/>, read as <see cref="Row"/>), each with its values after the
/// statement (<see cref="New"/>) and before it (<see cref="Old"/>, as the statement's lock found them), and the command,
/// to add the execution's values as parameters. A writer reads that one CTE: no join, so the planner's estimates stay
/// those of the statement (joins of CTEs, which have no statistics, were estimated at millions of rows and compiled
/// with PostgreSQL's JIT, which cost more than the statement).
/// </summary>
internal sealed class BulkCaptureSql(
    DbContext context, BulkCapture capture, bool removesRows, bool replacesRows, DbCommand command, ISqlGenerationHelper sqlGenerationHelper, StringBuilder builder)
{
    /// <summary>The CTE of the old rows, locked.</summary>
    public const string OldRows = "versioning_old";

    /// <summary>
    /// The CTE of the rows the statement wrote (an update's new values, or the new rows of <see cref="ReplacesRows"/>) or
    /// deleted, with their old values.
    /// </summary>
    public const string WrittenRows = "versioning_rows";

    /// <summary>The alias writers give <see cref="WrittenRows"/>.</summary>
    public const string Row = "r";

    /// <summary>The prefix of the columns of <see cref="WrittenRows"/> that hold the old values (followed by a position).</summary>
    public const string OldColumnPrefix = "versioning_old_";

    private readonly StoreObjectIdentifier _table = StoreObjectIdentifier.Table(capture.EntityType.GetTableName()!, capture.EntityType.GetSchema());

    public BulkCapture Capture { get; } = capture;

    /// <summary>
    /// Whether the statement deletes the rows (a <c>DELETE</c>; an <c>ExecuteDelete</c> that soft delete turned into an
    /// update keeps them, see <see cref="BulkCapture.IsDelete"/>).
    /// </summary>
    public bool RemovesRows { get; } = removesRows;

    /// <summary>
    /// Whether the update keeps the old rows and inserts new ones under new keys (a strategy's
    /// <see cref="INpgsqlBulkReplacementWriter"/>): then <see cref="WrittenRows"/> holds the new rows, each with the old
    /// values of the row it replaced, whose key is not its own.
    /// </summary>
    public bool ReplacesRows { get; } = replacesRows;

    /// <summary>The context the statement runs in.</summary>
    public DbContext Context { get; } = context;

    public StringBuilder Builder { get; } = builder;

    public ISqlGenerationHelper Helper { get; } = sqlGenerationHelper;

    /// <summary>
    /// The properties whose old values <see cref="WrittenRows"/> carries: the entity type's own and those of its complex
    /// properties, in a fixed order (a property's position names its column).
    /// </summary>
    public IReadOnlyList<IProperty> RowProperties { get; } = [.. Versioning.EntityFrameworkCore.Metadata.ComplexMembers.RowPropertiesOf<IProperty>(capture.EntityType)];

    /// <summary>
    /// The columns of <see cref="RowProperties"/> that are system columns (<c>xmin</c> as a concurrency token), which
    /// <c>SELECT *</c> does not return: <see cref="OldRows"/> selects them by name.
    /// </summary>
    public IEnumerable<string> SystemColumns => RowProperties.Where(IsSystemColumn).Select(Column);

    /// <summary>Whether <paramref name="property"/> is mapped to a system column of the statement's table.</summary>
    public bool IsSystemColumn(IProperty property) => IsSystemColumn(property.GetColumnName(_table));

    /// <summary>Whether <paramref name="column"/> is one of PostgreSQL's system columns (<c>xmin</c>, <c>ctid</c>…).</summary>
    public static bool IsSystemColumn(string? column)
        => column is "xmin" or "xmax" or "cmin" or "cmax" or "ctid" or "tableoid";

    /// <summary>The delimited column of <paramref name="property"/> in the statement's table.</summary>
    public string Column(IProperty property)
        => Helper.DelimitIdentifier(property.GetColumnName(_table)!);

    /// <summary>The value of <paramref name="property"/> after the statement (for a delete, the deleted value).</summary>
    public string New(IProperty property) => Row + "." + Column(property);

    /// <summary>The value of <paramref name="property"/> before the statement.</summary>
    public string Old(IProperty property) => Row + "." + OldColumnPrefix + PositionOf(property);

    private int PositionOf(IProperty property)
    {
        for (var i = 0; i < RowProperties.Count; i++)
        {
            if (RowProperties[i] == property)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"'{property.Name}' is not a column of '{Capture.EntityType.DisplayName()}'.");
    }

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
