using System.Globalization;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Domain.Reports;

namespace Maillage.Core.Features.Reports;

/// <summary>
/// A site's annual report as a PDF (<see cref="PdfDocumentBuilder"/>, PDFsharp, embedded fonts): the site, status and
/// calendar, each section's figures, the publications and projects as tables, the completeness checklist of a draft, and
/// the stored compliance findings. The same content as the page's printable view.
/// </summary>
public static class ReportPdf
{
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    public static string FileName(string centreId, int year) =>
        "rapport-" + string.Concat((centreId ?? "").Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')) + "-" + year.ToString(CultureInfo.InvariantCulture) + ".pdf";

    public static byte[] Build(AnnualReport r, ReportSite site, bool stored, ReportCalendarView calendar)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(calendar);
        var year = r.Year.ToString(CultureInfo.InvariantCulture);
        var title = $"Rapport annuel d'activité {year} — {site.Centre.Name}";
        var pdf = new PdfDocumentBuilder(title, $"{site.Centre.Name} ({r.CentreId}) — rapport {year}{(r.Fictitious ? " — DONNÉES FICTIVES DE DÉMONSTRATION" : "")}")
            .Title(title)
            .Paragraph($"{site.Centre.Name} ({r.CentreId}) — {site.Kind.Label()}{(site.Field is { } f ? ", domaine " + f.Label() : "")}.")
            .Paragraph($"Statut : {r.Status.Label()}{(stored ? "" : " (pas encore enregistré)")}. Conformité : {Verdict(r.Verdict)}. Campagne {r.Campaign}.")
            .Paragraph($"Remise du rapport du {Date(calendar.WindowOpens)} au {Date(calendar.Deadline)} ; saisie des données dans BaMaRa jusqu'au {Date(calendar.DataEntryCutoff)}.");
        if (r.Fictitious) pdf.Paragraph("DONNÉES FICTIVES DE DÉMONSTRATION — ne décrivent pas le réseau réel.");
        if (r.SubmittedBy is not null) pdf.Paragraph($"Soumis par {r.SubmittedBy}{At(r.SubmittedAt)}.");
        if (r.ValidatedBy is not null) pdf.Paragraph($"Validé par {r.ValidatedBy}{At(r.ValidatedAt)}.");
        if (r.TransmittedBy is not null) pdf.Paragraph($"Transmis par {r.TransmittedBy}{At(r.TransmittedAt)}.");
        foreach (var w in calendar.Warnings) pdf.Paragraph(w);

        var input = ReportInput.From(r);
        var raw = ReportDraft.RawOf(r);
        foreach (var section in ReportDraft.Fields.Select(f => f.Section).Distinct())
        {
            pdf.Heading(section);
            var rows = ReportDraft.Fields.Where(f => f.Section == section && f.Field is not ("publications" or "research_projects"))
                .Select(f => (IReadOnlyList<string?>)[f.Label, ValueOf(input, raw, f.Field)]).ToList();
            pdf.Table([new("Indicateur", 3), new("Valeur", 2)], rows);
            if (section != ReportDraft.ResearchSection) continue;
            pdf.Paragraph("Meilleures publications de l'année");
            var pubs = input.Publications ?? [];
            if (pubs.Count == 0) pdf.Paragraph("Aucune publication déclarée.");
            else
                pdf.Table([new("Titre", 4), new("Revue", 2), new("Année", 1), new("DOI", 2.4), new("PMID", 1.2)],
                    pubs.Select((p, i) => (IReadOnlyList<string?>)[p.Title, p.Journal, p.Year == 0 ? Raw(raw, i, "year") : p.Year.ToString(CultureInfo.InvariantCulture),
                        p.Doi ?? Raw(raw, i, "doi"), p.Pmid ?? Raw(raw, i, "pmid")]));
            pdf.Paragraph("Projets de recherche financés en investigateur principal");
            var projects = input.ResearchProjects ?? [];
            if (projects.Count == 0) pdf.Paragraph("Aucun projet déclaré.");
            else
                pdf.Table([new("Titre", 4), new("Année", 1), new("Financeur", 2)],
                    projects.Select(p => (IReadOnlyList<string?>)[p.Title, p.Year.ToString(CultureInfo.InvariantCulture), p.Funder]));
        }

        if (r.Status == ReportStatus.Draft)
        {
            var checklist = ReportDraft.ChecklistOf(r);
            pdf.Heading("Avant la soumission : liste de contrôle");
            pdf.Paragraph(checklist.Complete ? "Toutes les rubriques obligatoires sont complètes." : "Rubriques à compléter ou à corriger avant la soumission :");
            var open = checklist.Items.Where(i => i.State != ChecklistState.Complete).ToList();
            if (open.Count > 0)
                pdf.Table([new("Rubrique", 2), new("Champ", 3), new("État", 1.2), new("À faire", 4)],
                    open.Select(i => (IReadOnlyList<string?>)[i.Section, i.Label, ReportChecklist.States.Label(i.State), i.Message]));
        }

        var findings = ReportJson.Findings(r);
        if (findings.Count > 0)
        {
            pdf.Heading($"Conformité au {Date(new DateOnly(r.Year, 12, 31))}");
            pdf.Table([new("Critère", 2), new("Statut", 1.3), new("Attendu", 1), new("Constaté", 1), new("Source", 3)],
                findings.Select(f => (IReadOnlyList<string?>)[Criterion(f.Criterion), FindingStatus(f.Status), f.Expected, f.Actual, f.Source]));
        }
        return pdf.ToBytes();
    }

    private static string? Raw(IReadOnlyDictionary<string, string> raw, int index, string part) =>
        raw.TryGetValue("publications[" + (index + 1).ToString(CultureInfo.InvariantCulture) + "]." + part, out var t) ? t + " (à corriger)" : null;

    /// <summary>A field's value as a reader reads it: a figure, oui/non, a text, or the kept text marked « à corriger ».</summary>
    public static string ValueOf(ReportInput i, IReadOnlyDictionary<string, string> raw, string field)
    {
        ArgumentNullException.ThrowIfNull(i);
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.TryGetValue(field, out var kept)) return kept + " (à corriger)";
        static string N(int? v) => v is { } x ? x.ToString("N0", Fr) : "non renseigné";
        static string B(bool? v) => v is null ? "non renseigné" : v.Value ? "oui" : "non";
        return field switch
        {
            "active_patients" => N(i.ActivePatients),
            "consultations" => N(i.Consultations),
            "day_hospital_stays" => N(i.DayHospitalStays),
            "full_hospital_stays" => N(i.FullHospitalStays),
            "etp_programmes" => N(i.EtpProgrammes),
            "expert_opinions" => N(i.ExpertOpinions),
            "rcp_organised" => N(i.RcpOrganised),
            "rcp_attended" => N(i.RcpAttended),
            "pnds_written" => N(i.PndsWritten),
            "pnds_updated" => N(i.PndsUpdated),
            "tele_expertise" => N(i.TeleExpertise),
            "bndmr_entry" => B(i.BndmrEntry),
            "sigaps_points_4y" => N(i.SigapsPoints4y),
            "du_diu_coordinated" => N(i.DuDiuCoordinated),
            "other_teaching" => string.IsNullOrWhiteSpace(i.OtherTeaching) ? "—" : i.OtherTeaching,
            "association_conventions" => N(i.AssociationConventions),
            "action_plan_revised" => B(i.ActionPlanRevised),
            "claimed_exception" => string.IsNullOrEmpty(i.ClaimedException) ? "aucune"
                : Codes.TryParseException(i.ClaimedException, out var e) ? e.Label() : i.ClaimedException,
            "exception_justification" => string.IsNullOrWhiteSpace(i.ExceptionJustification) ? "—" : i.ExceptionJustification,
            "publications" => (i.Publications?.Count ?? 0).ToString(CultureInfo.InvariantCulture),
            "research_projects" => (i.ResearchProjects?.Count ?? 0).ToString(CultureInfo.InvariantCulture),
            _ => "—",
        };
    }

    private static string Date(DateOnly d) => Maillage.Domain.French.Date(d);

    private static string At(DateTimeOffset? at) => at is { } a ? " le " + Date(DateOnly.FromDateTime(a.UtcDateTime)) : "";

    private static string Verdict(string? code) => code is null ? "non évaluée" : ComplianceCodes.Verdicts.TryParse(code, out var v) ? v.Label() : code;

    private static string FindingStatus(string code) => ComplianceCodes.Statuses.TryParse(code, out var s) ? s.Label() : code;

    private static string Criterion(string code) => Codes.Criteria.TryParse(code, out var c) ? c.Label() : code;
}
