namespace Maillage.Core.Infrastructure.Tabular;

/// <summary>
/// The one formula policy of every CSV and XLSX file Maillage writes (OWASP "CSV injection"): a cell whose text starts
/// with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return — once any leading apostrophes are set
/// aside — is written with one more leading apostrophe <c>'</c>, so a spreadsheet shows it as text and never runs it.
/// A cell that is a plain number (<c>-12</c>, <c>-3.5</c>, <c>+4</c>) is not a formula and is written as it is, so
/// negative amounts stay numbers. <see cref="Restore(string)"/> is the exact inverse, applied by the one CSV reader and
/// the one XLSX reader (<see cref="CsvTable.Read(string, string, char, bool)"/>, <see cref="XlsxTable.Read"/>), so the
/// importers of Maillage's own files (registry, annual reports, compliance) get back what was written:
/// <c>Restore(Neutralise(x)) == x</c> for every text, so a
/// value that genuinely starts with <c>'=</c> is written <c>''=</c> and read back as <c>'=</c>.
/// </summary>
public static class FormulaGuard
{
    /// <summary>The characters that make a spreadsheet read a cell as a formula (or a DDE command).</summary>
    public static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The cell as written: one leading apostrophe added when a spreadsheet could run it.</summary>
    public static string Neutralise(string? value)
    {
        if (string.IsNullOrEmpty(value)) return value ?? "";
        return NeedsApostrophe(value) ? "'" + value : value;
    }

    /// <summary>The value as it was before <see cref="Neutralise"/>: removes exactly one leading apostrophe when it was added.</summary>
    public static string Restore(string? cell)
    {
        if (string.IsNullOrEmpty(cell)) return cell ?? "";
        return cell[0] == '\'' && NeedsApostrophe(cell[1..]) ? cell[1..] : cell;
    }

    /// <summary>Every cell of a sheet (header included) restored.</summary>
    public static TableSheet Restore(TableSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        return sheet with
        {
            Header = sheet.Header.Select(Restore).ToList(),
            Rows = sheet.Rows.Select(r => r with { Cells = r.Cells.Select(Restore).ToList() }).ToList(),
        };
    }

    private static bool NeedsApostrophe(string value)
    {
        var start = 0;
        while (start < value.Length && value[start] == '\'') start++;
        if (start == value.Length || !IsTrigger(value[start])) return false;
        // A plain number (no apostrophe before it) is a value, not a formula: it stays a number.
        return start > 0 || !IsPlainNumber(value);
    }

    /// <summary>An optional sign, digits, an optional decimal point or comma and digits: nothing a spreadsheet could run.</summary>
    public static bool IsPlainNumber(string value)
    {
        var i = 0;
        if (i < value.Length && value[i] is '+' or '-') i++;
        var digits = 0;
        while (i < value.Length && char.IsAsciiDigit(value[i])) { i++; digits++; }
        if (digits == 0) return false;
        if (i < value.Length && value[i] is '.' or ',')
        {
            i++;
            var decimals = 0;
            while (i < value.Length && char.IsAsciiDigit(value[i])) { i++; decimals++; }
            if (decimals == 0) return false;
        }
        return i == value.Length;
    }

}
