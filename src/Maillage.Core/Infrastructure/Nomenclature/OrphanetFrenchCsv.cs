using System.Globalization;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Registry;

namespace Maillage.Core.Infrastructure.Nomenclature;

/// <summary>
/// Adds the French layer to the diseases read from the EN pack: <c>orphanomenclature_*_fr_en.csv</c> (label_fr → NameFr),
/// <c>orpha_synonyms_fr_*.csv</c> (merged into Synonyms after the English ones, duplicates ignoring case dropped) and
/// <c>orpha_redirections_fr_*.csv</c> (RedirectTo for inactive codes the XML left without a target; the XML wins
/// when both give one). Codes absent from the pack are ignored (counted in <see cref="FrenchMergeStats.UnknownCodes"/>).
/// </summary>
public static class OrphanetFrenchCsv
{
    public sealed record FrenchMergeStats(int FrenchNames, int FrenchSynonyms, int RedirectionsAdded, int UnknownCodes);

    public static FrenchMergeStats Merge(IReadOnlyList<OrphaDisease> diseases, string directory, IProgress<string>? progress, CancellationToken ct)
    {
        var dirName = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        if (!Directory.Exists(directory))
            throw new OrphanetImportException(dirName, null, $"dossier des CSV français introuvable ({directory}).");
        var byCode = diseases.ToDictionary(d => d.Code);
        var unknown = 0;

        var labelsPath = FindOne(directory, "orphanomenclature_*fr*.csv", required: true)!;
        progress?.Report($"Lecture des libellés français {Path.GetFileName(labelsPath)}…");
        var labels = Read(labelsPath, ',');
        var codeCol = labels.Column("orpha_code");
        var labelCol = labels.Column("label_fr");
        var names = 0;
        foreach (var row in labels.Rows)
        {
            var code = ParseCode(labels, row, codeCol);
            var label = OrphanetPackReader.NullIfEmpty(labels.Field(row, labelCol));
            if (!byCode.TryGetValue(code, out var d)) { unknown++; continue; }
            d.NameFr = label;
            if (label is not null) names++;
        }
        ct.ThrowIfCancellationRequested();

        var synonyms = 0;
        var synonymsPath = FindOne(directory, "orpha_synonyms_fr*.csv", required: false);
        if (synonymsPath is not null)
        {
            progress?.Report($"Lecture des synonymes français {Path.GetFileName(synonymsPath)}…");
            var table = Read(synonymsPath, ',');
            var c = table.Column("orpha_code");
            var s = table.Column("synonyms");
            var french = new Dictionary<int, List<string>>();
            foreach (var row in table.Rows)
            {
                var code = ParseCode(table, row, c);
                var text = OrphanetPackReader.NullIfEmpty(table.Field(row, s));
                if (text is null) continue;
                if (!byCode.ContainsKey(code)) { unknown++; continue; }
                if (!french.TryGetValue(code, out var list)) french[code] = list = [];
                list.AddRange(text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
            foreach (var (code, list) in french)
            {
                var d = byCode[code];
                var existing = d.Synonyms?.Split(OrphanetPackReader.SynonymSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
                var merged = OrphanetPackReader.JoinSynonyms(existing.Concat(list));
                synonyms += (merged?.Split(OrphanetPackReader.SynonymSeparator).Length ?? 0) - existing.Length;
                d.Synonyms = merged;
            }
        }
        ct.ThrowIfCancellationRequested();

        var redirections = 0;
        var redirectionsPath = FindOne(directory, "orpha_redirections_fr*.csv", required: false);
        if (redirectionsPath is not null)
        {
            progress?.Report($"Lecture des redirections {Path.GetFileName(redirectionsPath)}…");
            var table = Read(redirectionsPath, ',');
            var from = table.Column("from");
            var to = table.Column("to");
            foreach (var row in table.Rows)
            {
                var source = ParseCode(table, row, from);
                var target = ParseCode(table, row, to);
                if (!byCode.TryGetValue(source, out var d)) { unknown++; continue; }
                if (d.IsActive || d.RedirectTo is not null || source == target) continue;
                d.RedirectTo = target;
                redirections++;
            }
        }
        return new FrenchMergeStats(names, synonyms, redirections, unknown);
    }

    private static string? FindOne(string directory, string pattern, bool required)
    {
        var files = Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            return required ? throw new OrphanetImportException(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), null, $"aucun fichier {pattern} dans {directory}.") : null;
        if (files.Count > 1)
            throw new OrphanetImportException(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), null, $"plusieurs fichiers {pattern} ({string.Join(", ", files.Select(Path.GetFileName))}) : gardez-en un seul.");
        return files[0];
    }

    private static CsvDocument Read(string path, char delimiter)
    {
        try
        {
            return CsvDocument.Read(path, delimiter);
        }
        catch (InvalidDataException ex)
        {
            throw new OrphanetImportException(ex.Message, ex);
        }
    }

    private static int ParseCode(CsvDocument table, TableRow row, int column)
    {
        string text;
        try
        {
            text = table.Field(row, column).Trim();
        }
        catch (InvalidDataException ex)
        {
            throw new OrphanetImportException(ex.Message, ex);
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code > 0
            ? code
            : throw new OrphanetImportException(table.FileName, row.Line, $"code ORPHA non numérique « {text} » (colonne {table.Header[column]}).");
    }
}
