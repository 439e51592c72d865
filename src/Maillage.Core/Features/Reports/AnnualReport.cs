using Maillage.Domain.Reports;

namespace Maillage.Core.Features.Reports;

/// <summary>
/// A site's annual activity report (table <c>annual_reports</c>, key centre + year): the five missions' figures, the
/// lists (publications, research projects) as validated JSON columns, the workflow's stamps, the claimed exception and
/// its acceptance, and the stored compliance evaluation (docs/adr/0007-annual-reports.md).
/// </summary>
public sealed class AnnualReport : Maillage.Domain.Registry.IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string CentreId { get; set; }
    public int Year { get; set; }
    public ReportStatus Status { get; set; }
    /// <summary>The campaign referential whose thresholds and calendar apply to the year.</summary>
    public required string Campaign { get; set; }

    // Prise en charge / recours (the activity fields, compared with the measured activity).
    public int? ActivePatients { get; set; }
    public int? Consultations { get; set; }
    public int? DayHospitalStays { get; set; }
    public int? FullHospitalStays { get; set; }
    public int? ExpertOpinions { get; set; }
    public int? RcpOrganised { get; set; }
    public int? RcpAttended { get; set; }
    public int? EtpProgrammes { get; set; }
    // Expertise.
    public int? PndsWritten { get; set; }
    public int? PndsUpdated { get; set; }
    public int? TeleExpertise { get; set; }
    public bool? BndmrEntry { get; set; }
    // Recherche.
    /// <summary>JSON array of <see cref="Publication"/>; null until the list is filled.</summary>
    public string? PublicationsJson { get; set; }
    /// <summary>JSON array of <see cref="ResearchProject"/>; null until the list is filled (an empty list means none).</summary>
    public string? ResearchProjectsJson { get; set; }
    public int? SigapsPoints4y { get; set; }
    // Enseignement-formation.
    public int? DuDiuCoordinated { get; set; }
    public string? OtherTeaching { get; set; }
    // Coordination.
    public int? AssociationConventions { get; set; }
    public bool? ActionPlanRevised { get; set; }

    /// <summary>Exception claimed by the site (<c>prevalence_ratio</c>, <c>territorial_mesh</c>) and its justification.</summary>
    public string? ClaimedException { get; set; }
    public string? ExceptionJustification { get; set; }
    /// <summary>Set when a national administrator accepts the claimed exception (with his or her note).</summary>
    public string? ExceptionAcceptedBy { get; set; }
    public DateTimeOffset? ExceptionAcceptedAt { get; set; }
    public string? ExceptionDecisionNote { get; set; }

    /// <summary>
    /// The values of a draft kept as typed because they are invalid (schema 0022): a JSON object from the field's path
    /// (<c>active_patients</c>, <c>publications[2].doi</c>) to its text; the typed column stays empty. Null when none.
    /// A submission is refused while one remains (docs/reports.md).
    /// </summary>
    public string? DraftRawJson { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ValidatedBy { get; set; }
    public DateTimeOffset? ValidatedAt { get; set; }
    public string? TransmittedBy { get; set; }
    public DateTimeOffset? TransmittedAt { get; set; }
    public string? ReopenedBy { get; set; }
    public DateTimeOffset? ReopenedAt { get; set; }
    /// <summary>The reason of the last reopening (ministry) or return to draft (establishment).</summary>
    public string? LastReason { get; set; }

    /// <summary>Verdict code of the stored evaluation (<c>compliant</c>, <c>non_compliant</c>...).</summary>
    public string? Verdict { get; set; }
    /// <summary>JSON array of <see cref="StoredFinding"/>.</summary>
    public string? FindingsJson { get; set; }
    public DateTimeOffset? EvaluatedAt { get; set; }

    /// <summary>True for the fictitious reports of the demo data set.</summary>
    public bool Fictitious { get; set; }
}

/// <summary>A stored compliance finding: the engine's finding, frozen with the report's data and the registry's head.</summary>
public sealed record StoredFinding(string Rule, string Criterion, string Status, string? Expected, string? Actual, string Source, string Message);
