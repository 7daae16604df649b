namespace Dvpn.Cli.Demo;

/// <summary>
/// A plain-text table: a header row, a rule, then rows; text columns left-aligned, figures right-aligned, every
/// column as wide as its widest cell.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <param name="columns">Column headers; a header starting with '>' marks a right-aligned column (the '>' is not printed).</param>
    public TextTable(params string[] columns)
    {
        _rightAligned = [.. columns.Select(c => c.StartsWith('>'))];
        _headers = [.. columns.Select(c => c.TrimStart('>'))];
    }

    public int RowCount => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"a row of this table has {_headers.Length} cells, not {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Writes the table, each line starting with <paramref name="indent"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="indent">What each line starts with.</param>
    /// <param name="header">False for a list of name/value pairs: rows only.</param>
    public void WriteTo(TextWriter output, string indent = "  ", bool header = true)
    {
        int[] widths = [.. _headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(header ? h.Length : 0).Max())];
        if (header)
        {
            output.WriteLine(indent + Line(_headers, widths).TrimEnd());
            output.WriteLine(indent + string.Join("  ", widths.Select(w => new string('─', w))));
        }

        foreach (string[] row in _rows)
        {
            output.WriteLine(indent + Line(row, widths).TrimEnd());
        }
    }

    private string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => _rightAligned[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i])));
}
