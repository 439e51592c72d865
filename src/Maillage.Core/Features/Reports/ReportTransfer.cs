using System.Globalization;
using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Reports;

/// <summary>An import error located in the file: file, line, field (column name) and a French message.</summary>
public sealed record ReportImportError(string File, int Line, string Field, string Message)
{
    public override string ToString() => $"{File}, ligne {Line.ToString(CultureInfo.InvariantCulture)}, champ « {Field} » : {Message}";
}

/// <summary>The outcome of an import: rows read, reports created or changed, rows unchanged, or the errors (nothing applied).</summary>
public sealed record ReportImportResult(int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<ReportImportError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Bulk import and export of annual reports as CSV (<c>;</c>, UTF-8) or XLSX (one sheet), format in
/// docs/formats/annual-reports.md. An import saves each row as the caller would through the form (same scope and
/// workflow rules), all or nothing; a row equal to the stored report is skipped, so re-importing a file changes nothing.
/// </summary>
public sealed class ReportTransfer(MaillageDbContext db, ReportService service, ReportQueries queries)
{
    public static readonly IReadOnlyList<string> Header =
    [
        "centre_id", "year", "status", "active_patients", "consultations", "day_hospital_stays", "full_hospital_stays", "expert_opinions",
        "rcp_organised", "rcp_attended", "etp_programmes", "pnds_written", "pnds_updated", "tele_expertise", "bndmr_entry",
        "sigaps_points_4y", "du_diu_coordinated", "other_teaching", "association_conventions", "action_plan_revised",
        "claimed_exception", "exception_justification", "publications", "research_projects", "verdict",
    ];

    /// <summary>Columns written on export for information and ignored on import.</summary>
    public static readonly IReadOnlySet<string> InformationOnly = new HashSet<string>(["status", "verdict"], StringComparer.Ordinal);

    public async Task<TableSheet> ExportAsync(Caller caller, ReportFilter filter, CancellationToken ct)
    {
        var rows = await queries.ListAsync(caller, filter, ct);
        var stored = await LoadAsync(rows.Select(r => (r.CentreId, r.Year)), ct);
        var lines = rows.Select(row => ToCells(stored[(row.CentreId, row.Year)])).ToList();
        return TableSheet.FromRows("rapports", Header, lines);
    }

    /// <summary>The stored reports of the given (centre, year) keys, a few queries for all of them (by year, in chunks).</summary>
    private async Task<Dictionary<(string CentreId, int Year), AnnualReport>> LoadAsync(IEnumerable<(string CentreId, int Year)> keys, CancellationToken ct)
    {
        const int Chunk = 500;
        var found = new Dictionary<(string, int), AnnualReport>();
        foreach (var year in keys.Distinct().GroupBy(k => k.Year))
        {
            var y = year.Key;
            foreach (var ids in year.Select(k => k.CentreId).Chunk(Chunk))
                foreach (var r in await db.AnnualReports.AsNoTracking().Where(x => x.Year == y && ids.Contains(x.CentreId)).ToListAsync(ct))
                    found[(r.CentreId, r.Year)] = r;
        }
        return found;
    }

    public static IReadOnlyList<string?> ToCells(AnnualReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        static string? N(int? v) => v?.ToString(CultureInfo.InvariantCulture);
        static string? B(bool? v) => v is null ? null : v.Value ? "true" : "false";
        return
        [
            r.CentreId, r.Year.ToString(CultureInfo.InvariantCulture), r.Status.Code(), N(r.ActivePatients), N(r.Consultations), N(r.DayHospitalStays),
            N(r.FullHospitalStays), N(r.ExpertOpinions), N(r.RcpOrganised), N(r.RcpAttended), N(r.EtpProgrammes), N(r.PndsWritten),
            N(r.PndsUpdated), N(r.TeleExpertise), B(r.BndmrEntry), N(r.SigapsPoints4y), N(r.DuDiuCoordinated), r.OtherTeaching,
            N(r.AssociationConventions), B(r.ActionPlanRevised), r.ClaimedException, r.ExceptionJustification, r.PublicationsJson,
            r.ResearchProjectsJson, r.Verdict,
        ];
    }

    /// <summary>Reads a CSV or XLSX file (by its extension) into one sheet; a malformed file throws <see cref="ReportFileException"/>.</summary>
    public static TableSheet ReadFile(string fileName, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                using var ms = new MemoryStream(bytes);
                var sheets = XlsxTable.Read(ms);
                return sheets.Count > 0 ? sheets[0] : throw new ReportFileException(new(fileName, 1, "(classeur)", "le classeur ne contient aucune feuille."));
            }
            return CsvTable.Read(fileName, bytes);
        }
        catch (CsvFormatException ex)
        {
            throw new ReportFileException(new(fileName, ex.Line, ex.Field is { } f ? "champ " + f.ToString(CultureInfo.InvariantCulture) : "(fichier)", ex.Reason));
        }
        catch (Exception ex) when (ex is InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or FileFormatException)
        {
            throw new ReportFileException(new(fileName, 1, "(fichier)", "classeur XLSX illisible : " + ex.Message));
        }
    }

    public async Task<ReportImportResult> ImportAsync(Caller caller, string fileName, TableSheet sheet, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var errors = new List<ReportImportError>();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sheet.Header.Count; i++)
        {
            var name = sheet.Header[i].Trim();
            if (!Header.Contains(name, StringComparer.Ordinal)) errors.Add(new(fileName, sheet.HeaderLine, name, "colonne inconnue (voir docs/formats/annual-reports.md)."));
            else if (!columns.TryAdd(name, i)) errors.Add(new(fileName, sheet.HeaderLine, name, "colonne en double."));
        }
        foreach (var required in new[] { "centre_id", "year" })
            if (!columns.ContainsKey(required)) errors.Add(new(fileName, sheet.HeaderLine, required, "colonne obligatoire absente."));
        if (errors.Count > 0) return new(sheet.Rows.Count, 0, 0, 0, errors);

        var parsed = new List<(int Line, string Centre, int Year, ReportInput Input)>();
        var seen = new HashSet<(string, int)>();
        foreach (var row in sheet.Rows)
        {
            var rowErrors = new List<ReportImportError>();
            string Cell(string name) => columns.TryGetValue(name, out var i) ? row[i].Trim() : "";
            int? Int(string name)
            {
                var t = Cell(name);
                if (t.Length == 0) return null;
                if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return v;
                rowErrors.Add(new(fileName, row.Line, name, $"« {t} » n'est pas un nombre entier positif."));
                return null;
            }
            bool? Bool(string name)
            {
                var t = Cell(name);
                if (t.Length == 0) return null;
                if (t is "true" or "oui") return true;
                if (t is "false" or "non") return false;
                rowErrors.Add(new(fileName, row.Line, name, $"« {t} » : attendu true ou false."));
                return null;
            }
            List<T>? List<T>(string name)
            {
                var t = Cell(name);
                if (t.Length == 0) return null;
                try { return ReportJson.Read<T>(t); }
                catch (JsonException ex) { rowErrors.Add(new(fileName, row.Line, name, "liste JSON invalide : " + ex.Message)); return null; }
            }
            var centre = Cell("centre_id");
            if (centre.Length == 0) rowErrors.Add(new(fileName, row.Line, "centre_id", "identifiant du centre obligatoire."));
            var year = Int("year");
            if (year is null && Cell("year").Length == 0) rowErrors.Add(new(fileName, row.Line, "year", "année obligatoire."));
            var input = new ReportInput
            {
                ActivePatients = Int("active_patients"), Consultations = Int("consultations"), DayHospitalStays = Int("day_hospital_stays"),
                FullHospitalStays = Int("full_hospital_stays"), ExpertOpinions = Int("expert_opinions"), RcpOrganised = Int("rcp_organised"),
                RcpAttended = Int("rcp_attended"), EtpProgrammes = Int("etp_programmes"), PndsWritten = Int("pnds_written"),
                PndsUpdated = Int("pnds_updated"), TeleExpertise = Int("tele_expertise"), BndmrEntry = Bool("bndmr_entry"),
                SigapsPoints4y = Int("sigaps_points_4y"), DuDiuCoordinated = Int("du_diu_coordinated"),
                OtherTeaching = NullIfEmpty(Cell("other_teaching")), AssociationConventions = Int("association_conventions"),
                ActionPlanRevised = Bool("action_plan_revised"), ClaimedException = NullIfEmpty(Cell("claimed_exception")),
                ExceptionJustification = NullIfEmpty(Cell("exception_justification")),
                Publications = List<Publication>("publications"), ResearchProjects = List<ResearchProject>("research_projects"),
            };
            if (year is { } y)
            {
                foreach (var e in ReportService.Validate(input, y))
                    rowErrors.Add(new(fileName, row.Line, e.Field, e.Message));
                if (centre.Length > 0 && !seen.Add((centre, y)))
                    rowErrors.Add(new(fileName, row.Line, "centre_id", $"le rapport {centre} {y} figure deux fois dans le fichier."));
            }
            if (rowErrors.Count > 0) { errors.AddRange(rowErrors); continue; }
            parsed.Add((row.Line, centre, year!.Value, input));
        }
        if (errors.Count > 0) return new(sheet.Rows.Count, 0, 0, 0, errors);

        int created = 0, updated = 0, unchanged = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Each key appears once in the file (checked above): the reports as stored before any row is saved.
        var before = await LoadAsync(parsed.Select(p => (p.Centre, p.Year)), ct);
        foreach (var (line, centre, year, input) in parsed)
        {
            var stored = before.GetValueOrDefault((centre, year));
            if (stored is not null && SameContent(stored, input)) { unchanged++; continue; }
            var result = await service.SaveAsync(caller, centre, year, input, ct);
            switch (result.Status)
            {
                case WriteStatus.Ok:
                    if (stored is null) created++; else updated++;
                    break;
                case WriteStatus.NotFound:
                    errors.Add(new(fileName, line, "centre_id", $"centre « {centre} » inconnu du registre."));
                    break;
                case WriteStatus.Forbidden:
                    errors.Add(new(fileName, line, "centre_id", result.Errors.FirstOrDefault()?.Message ?? $"votre périmètre ne couvre pas le centre « {centre} »."));
                    break;
                default:
                    errors.AddRange(result.Errors.Select(e => new ReportImportError(fileName, line, e.Field, e.Message)));
                    break;
            }
        }
        if (errors.Count > 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new(sheet.Rows.Count, 0, 0, 0, errors);
        }
        await tx.CommitAsync(ct);
        return new(sheet.Rows.Count, created, updated, unchanged, []);
    }

    /// <summary>True when saving <paramref name="input"/> would leave the stored content as it is (lists left null keep the stored ones).</summary>
    public static bool SameContent(AnnualReport stored, ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(input);
        var copy = new AnnualReport { CentreId = stored.CentreId, Year = stored.Year, Campaign = stored.Campaign, UpdatedBy = "" };
        ReportService.Apply(copy, ReportInput.From(stored));
        var before = ToCells(copy);
        ReportService.Apply(copy, input);
        return before.SequenceEqual(ToCells(copy), StringComparer.Ordinal);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}

/// <summary>A reports file that cannot be read at all (encoding, quoting, workbook).</summary>
public sealed class ReportFileException(ReportImportError error) : Exception(error?.ToString())
{
    public ReportImportError Error { get; } = error!;
}
