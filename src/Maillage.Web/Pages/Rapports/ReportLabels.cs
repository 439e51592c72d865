using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Domain.Reports;

namespace Maillage.Web.Pages.Rapports;

/// <summary>
/// French labels and DSFR badges of the codes stored with a report (status, verdict, finding status, criterion). The
/// labels are the Domain's code+label tables (one per enum); a code the tables do not know (an older file) is shown as
/// it is.
/// </summary>
public static class ReportLabels
{
    public static string Status(string code) =>
        ReportWorkflow.Statuses.TryParse(code, out var s) ? Sentence(s.Label()) : code;

    public static string StatusBadge(string code) => ReportWorkflow.Statuses.TryParse(code, out var s) ? s switch
    {
        ReportStatus.Draft => "fr-badge--new",
        ReportStatus.Submitted => "fr-badge--info",
        ReportStatus.Validated => "fr-badge--success",
        ReportStatus.Transmitted => "fr-badge--success",
        ReportStatus.Received => "fr-badge--success",
    } : "";

    public static string Verdict(string? code) => code is null ? "non évalué"
        : ComplianceCodes.Verdicts.TryParse(code, out var v) ? v.Label() : code;

    public static string VerdictBadge(string? code) => ComplianceCodes.Verdicts.TryParse(code, out var v)
        ? Shared.ComplianceLabels.VerdictBadge(v) : "fr-badge--warning";

    public static string FindingStatus(string code) => ComplianceCodes.Statuses.TryParse(code, out var s) ? s.Label() : code;

    public static string FindingBadge(string code) => ComplianceCodes.Statuses.TryParse(code, out var s)
        ? Shared.ComplianceLabels.StatusBadge(s) : "";

    public static string Criterion(string code) => Codes.Criteria.TryParse(code, out var c) ? c.Label() : code;

    public static string Kind(string code) => Codes.Kinds.TryParse(code, out var k) ? k.Label() : code;

    public static string Field(string? code) => code is null ? "" : Codes.Fields.TryParse(code, out var f) ? f.Label() : code;

    public static string Exception(string? code) => string.IsNullOrEmpty(code) ? "aucune"
        : Codes.Exceptions.TryParse(code, out var e) ? e.Label() : code;

    /// <summary>The button text of a report action (a verb phrase, not the action's code label).</summary>
    public static string Action(string code) => code switch
    {
        "submit" => "Soumettre à la direction",
        "return" => "Renvoyer en brouillon",
        "validate" => "Valider (verrouille le rapport)",
        "transmit" => "Transmettre à l'ARS et au ministère",
        "reopen" => "Rouvrir le rapport",
        "mark_received" => "Marquer comme reçu (verrouille et publie)",
        _ => code,
    };

    /// <summary>A label with its first letter in upper case, for a badge or a cell that starts a line.</summary>
    private static string Sentence(string label) => label.Length == 0 ? label : char.ToUpperInvariant(label[0]) + label[1..];
}
