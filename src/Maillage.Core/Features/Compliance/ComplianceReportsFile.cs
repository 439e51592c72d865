using System.Globalization;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Compliance;

/// <summary>
/// Reads the reports file of <c>maillage compliance check</c> (format in docs/formats/compliance-reports.md):
/// <c>;</c>-separated, header
/// <c>site_id;kind;field;year;active_patients;consultations;day_hospital_stays;funded_pi_projects_5y;head_status;head_birth_date;head_clinical_activity;exception</c>.
/// An empty number, status, date or flag means missing; any other bad value fails with its line and column.
/// Two optional columns (issue 12) may follow: <c>bndmr_entry</c> (true/false) and <c>measured_active_patients</c>
/// (0 to <see cref="MaxMeasuredActivePatients"/>); empty or absent = unknown = no finding for <c>bndmr</c> /
/// <c>verified_active_patients</c>. Files without them are read as before.
/// </summary>
public static class ComplianceReportsFile
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "site_id", "kind", "field", "year", "active_patients", "consultations", "day_hospital_stays", "funded_pi_projects_5y",
        "head_status", "head_birth_date", "head_clinical_activity", "exception",
    ];

    /// <summary>Columns a file may leave out: absent = empty = unknown.</summary>
    public static readonly IReadOnlyList<string> OptionalColumns = ["bndmr_entry", "measured_active_patients"];

    /// <summary>Every column, required then optional (the order of the web form's one-row file).</summary>
    public static readonly IReadOnlyList<string> AllColumns = [.. Columns, .. OptionalColumns];

    /// <summary>Largest measured file active accepted: no site follows a million patients; a bigger figure is an error of the extract.</summary>
    public const int MaxMeasuredActivePatients = 1_000_000;

    public static IReadOnlyList<SiteReport> Read(string path) => Read(SemicolonFile.Read(path, Columns, OptionalColumns));

    public static IReadOnlyList<SiteReport> Parse(string name, ReadOnlySpan<byte> bytes) => Read(SemicolonFile.Parse(name, bytes, Columns, OptionalColumns));

    /// <summary>Reports given as records (column name → text, e.g. a JSON request's rows), read with the same checks as the file.</summary>
    public static IReadOnlyList<SiteReport> FromRecords(string name, IEnumerable<IReadOnlyDictionary<string, string?>> records) =>
        Read(SemicolonFile.FromRecords(name, AllColumns, records));

    private static List<SiteReport> Read(SemicolonFile file)
    {
        var reports = new List<SiteReport>();
        var seen = new Dictionary<(string, int), int>();
        foreach (var row in file.Rows)
        {
            var siteId = file.RequiredText(row, "site_id");
            var kindText = file.RequiredText(row, "kind");
            if (!Codes.TryParseKind(kindText, out var kind))
                throw file.Error(row, "kind", $"type « {kindText} » inconnu (attendu : {string.Join(", ", Codes.AllKindCodes)}).");
            var fieldText = file.Text(row, "field");
            ClinicalField? field = null;
            if (kind.IsCrmr())
            {
                if (fieldText.Length == 0) throw file.Error(row, "field", $"domaine obligatoire pour un site de CRMR (attendu : {string.Join(", ", Codes.AllFieldCodes)}).");
                if (!Codes.TryParseField(fieldText, out var f)) throw file.Error(row, "field", $"domaine « {fieldText} » inconnu (attendu : {string.Join(", ", Codes.AllFieldCodes)}).");
                field = f;
            }
            else if (fieldText.Length > 0)
            {
                throw file.Error(row, "field", $"le domaine ne se renseigne que pour les sites de CRMR (laisser vide pour {kind.Code()}).");
            }
            var yearText = file.RequiredText(row, "year");
            if (yearText.Length != 4 || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
                throw file.Error(row, "year", $"année « {yearText} » invalide (attendu AAAA).");
            if (seen.TryGetValue((siteId, year), out var previous))
                throw file.Error(row, "site_id", string.Create(CultureInfo.InvariantCulture, $"le site {siteId} a déjà un rapport {year} (ligne {previous})."));
            seen[(siteId, year)] = row.Line;

            HeadStatus? status = null;
            var statusText = file.Text(row, "head_status");
            if (statusText.Length > 0)
            {
                if (!Codes.TryParseStatus(statusText, out var s))
                    throw file.Error(row, "head_status", $"statut « {statusText} » inconnu (attendu : {string.Join(", ", Codes.AllStatusCodes)}).");
                status = s;
            }
            DateOnly? birth = null;
            var birthText = file.Text(row, "head_birth_date");
            if (birthText.Length > 0)
            {
                if (!DateOnly.TryParseExact(birthText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var b))
                    throw file.Error(row, "head_birth_date", $"date « {birthText} » invalide (attendu AAAA-MM-JJ).");
                birth = b;
            }
            ExceptionCode? exception = null;
            var exceptionText = file.Text(row, "exception");
            if (exceptionText.Length > 0)
            {
                if (!Codes.TryParseException(exceptionText, out var e))
                    throw file.Error(row, "exception", $"exception « {exceptionText} » inconnue (attendu : vide, {string.Join(", ", Codes.AllExceptionCodes)}).");
                exception = e;
            }
            reports.Add(new SiteReport(siteId, kind, field, year,
                file.Count(row, "active_patients"), file.Count(row, "consultations"), file.Count(row, "day_hospital_stays"),
                file.Count(row, "funded_pi_projects_5y"), status, birth, file.Bool(row, "head_clinical_activity"), exception,
                file.Bool(row, "bndmr_entry"), file.Count(row, "measured_active_patients", MaxMeasuredActivePatients)));
        }
        return reports;
    }
}
