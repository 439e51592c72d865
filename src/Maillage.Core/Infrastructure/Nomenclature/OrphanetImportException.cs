namespace Maillage.Core.Infrastructure.Nomenclature;

/// <summary>
/// An Orphanet pack or CSV that cannot be imported. The message (French, for the user) names the file, the line when
/// known, and what is wrong; nothing has been written to the database when this is thrown.
/// </summary>
public sealed class OrphanetImportException : Exception
{
    public OrphanetImportException(string fileName, int? line, string problem, Exception? inner = null)
        : base(Format(fileName, line, problem), inner)
    {
        FileName = fileName;
        Line = line;
        Problem = problem;
    }

    public OrphanetImportException() : this("?", null, "erreur inconnue") { }

    public OrphanetImportException(string message) : base(message) { FileName = "?"; Problem = message; }

    public OrphanetImportException(string message, Exception inner) : base(message, inner) { FileName = "?"; Problem = message; }

    /// <summary>The file (a zip, or "zip ▸ entry" for a file inside the pack, or a CSV).</summary>
    public string FileName { get; }

    /// <summary>1-based line in <see cref="FileName"/>, when known.</summary>
    public int? Line { get; }

    public string Problem { get; }

    private static string Format(string fileName, int? line, string problem) =>
        line is { } l
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Import Orphanet impossible — {fileName}, ligne {l} : {problem}")
            : $"Import Orphanet impossible — {fileName} : {problem}";
}
