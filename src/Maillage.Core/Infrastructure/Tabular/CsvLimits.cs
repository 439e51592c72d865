using System.Globalization;

namespace Maillage.Core.Infrastructure.Tabular;

/// <summary>
/// The bounds of the one CSV reader: a file past any of them is refused with a French error naming the file, the line
/// and the field, before it can cost more memory or time. <see cref="Default"/> fits every file Maillage reads (the
/// registry's uploads are bounded at 200 MB as a whole; the largest shipped file, the Orphanet classification edges, is
/// about 3 MB and 40,000 lines; a spreadsheet cell holds at most 32,767 characters).
/// </summary>
public sealed record CsvLimits(long MaxBytes, int MaxRows, int MaxFields, int MaxFieldLength)
{
    public static readonly CsvLimits Default = new(MaxBytes: 200L * 1024 * 1024, MaxRows: 1_000_000, MaxFields: 500, MaxFieldLength: 100_000);

    internal static string Count(long n) => n.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"));
}

/// <summary>
/// A CSV file that cannot be read (encoding, unterminated quote, a bound of <see cref="CsvLimits"/> passed), with the
/// file, the line (1-based, physical) and, when one field is at fault, its 1-based position.
/// <see cref="Exception.Message"/> says all three; <see cref="Reason"/> is the message without them, for callers that
/// report file and line in their own columns.
/// </summary>
public sealed class CsvFormatException(string file, int line, int? field, string reason)
    : Exception(Describe(file, line, field, reason))
{
    public CsvFormatException(int line, string reason) : this("", line, null, reason) { }

    public string File { get; } = file;
    public int Line { get; } = line;
    public int? Field { get; } = field;
    public string Reason { get; } = reason;

    private static string Describe(string file, int line, int? field, string reason) =>
        (file.Length > 0 ? file + ", " : "") + "ligne " + line.ToString(CultureInfo.InvariantCulture)
        + (field is { } f ? ", champ " + f.ToString(CultureInfo.InvariantCulture) : "") + " : " + reason;
}
