using System.Globalization;

namespace Versioning.Sample.Infrastructure;

/// <summary>
/// Prints rows as an aligned text table, psql style: numbers right-aligned, timestamps as <c>yyyy-MM-dd HH:mm:ss</c>
/// whatever the machine's culture, and <c>(null)</c> for null so that a missing actor is visible.
/// </summary>
internal sealed class TablePrinter
{
    private const string Indent = "  ";

    private readonly string[] _headers;
    private readonly bool[] _numeric;
    private readonly List<string[]> _rows = [];

    public TablePrinter(IEnumerable<string> headers)
    {
        _headers = [.. headers];
        _numeric = new bool[_headers.Length];
    }

    public TablePrinter AddRow(params object?[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"Expected {_headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        for (var i = 0; i < cells.Length; i++)
        {
            _numeric[i] |= cells[i] is int or long or decimal or double;
        }

        _rows.Add([.. cells.Select(Format)]);
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = _headers.Select((header, i) => _rows.Select(row => row[i].Length).Append(header.Length).Max()).ToArray();
        WriteRow(writer, _headers, widths);
        writer.WriteLine(Indent + string.Join("-+-", widths.Select(width => new string('-', width))));
        foreach (var row in _rows)
        {
            WriteRow(writer, row, widths);
        }

        writer.WriteLine($"{Indent}({_rows.Count} row{(_rows.Count == 1 ? "" : "s")})");
    }

    private void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        var aligned = cells.Select((cell, i) => _numeric[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
        writer.WriteLine(Indent + string.Join(" | ", aligned).TrimEnd());
    }

    private static string Format(object? value)
        => value switch
        {
            null => "(null)",
            DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
}
