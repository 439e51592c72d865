namespace Maillage.Core.Infrastructure.Tabular;

/// <summary>One row read from a CSV file or a worksheet: its 1-based line (CSV) or row number (XLSX) and its cells.</summary>
public sealed record TableRow(int Line, IReadOnlyList<string> Cells)
{
    /// <summary>The cell at <paramref name="index"/>, or "" when the row is shorter.</summary>
    public string this[int index] => index < Cells.Count ? Cells[index] : "";
}

/// <summary>A named table: a CSV file or one worksheet. <see cref="HeaderLine"/> is the line/row of the header.</summary>
public sealed record TableSheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<TableRow> Rows, int HeaderLine = 1)
{
    /// <summary>Builds a sheet to write from plain rows (line numbers are assigned: header = 1, data from 2).</summary>
    public static TableSheet FromRows(string name, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows) =>
        new(name, header, rows.Select((r, i) => new TableRow(i + 2, r.Select(c => c ?? "").ToList())).ToList());
}
