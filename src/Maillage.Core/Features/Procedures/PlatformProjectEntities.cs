using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Procedures;

/// <summary>A row that belongs to a dossier: audited under it (entity "dossier"), as a child named <see cref="AuditName"/>.</summary>
public interface IDossierPart
{
    string DossierId { get; }
    string AuditName { get; }
}

/// <summary>
/// The platform-specific part of a platform project's dossier (table <c>platform_projects</c>, one row per dossier): the
/// platform proposed (name, host ET, other establishments, centres in scope), the budget's recruits, and after the decision
/// the platform written into the registry, its funding (PEMR model, note DGOS/MMR/2020/221 du 7 décembre 2020, §VII), the credit delegation, the 6-month
/// checkpoint and the year-2 renewal (§IX).
/// </summary>
public sealed class PlatformProject : IDossierPart
{
    public required string DossierId { get; set; }
    public required string PlatformName { get; set; }
    /// <summary>The host establishment (ET); its direction carries the project (also <see cref="Dossier.SeatFiness"/>).</summary>
    public required string HostFiness { get; set; }
    /// <summary>The platform created in the registry by the approval.</summary>
    public string? PlatformId { get; set; }
    /// <summary>The number of CRMR sites and CRC counted for the funding when the decision was taken.</summary>
    public int? FundedCentreCount { get; set; }
    public int? FundingTranche { get; set; }
    public decimal? FundingPerYear { get; set; }
    public decimal? FundingYear1 { get; set; }
    /// <summary>Year 2's credits: as computed at the decision, then 0 if the renewal is refused.</summary>
    public decimal? FundingYear2 { get; set; }
    /// <summary>The delegation of credits (the decision's date until the ministry records it); the checkpoint is due 6 months after.</summary>
    public DateOnly? CreditsDelegatedOn { get; set; }
    public string? CreditsReference { get; set; }
    public DateOnly? CheckpointOn { get; set; }
    public string? CheckpointReport { get; set; }
    public string? CheckpointBy { get; set; }
    /// <summary>The year-2 renewal of credits: null until decided.</summary>
    public bool? Renewed { get; set; }
    public string? RenewalReasons { get; set; }
    public DateTimeOffset? RenewalDecidedAt { get; set; }
    public string? RenewalDecidedBy { get; set; }

    public List<PlatformProjectEstablishment> Establishments { get; set; } = [];
    public List<PlatformProjectCentre> Centres { get; set; } = [];
    public List<PlatformProjectRecruit> Recruits { get; set; } = [];

    string IDossierPart.AuditName => "platform_project";
}

/// <summary>Another establishment (ET) participating in the platform; its director gives an opinion when it is of another legal entity.</summary>
public sealed class PlatformProjectEstablishment : IDossierPart
{
    public required string DossierId { get; set; }
    public required string Finess { get; set; }
    string IDossierPart.AuditName => "platform_establishment";
}

/// <summary>A CRMR site, CCMR or CRC in the platform's scope (§III.B.1).</summary>
public sealed class PlatformProjectCentre : IDossierPart
{
    public required string DossierId { get; set; }
    public required string CentreId { get; set; }
    string IDossierPart.AuditName => "platform_centre";
}

/// <summary>One recruit of the provisional budget (§III.B.5), in the order entered.</summary>
public sealed class PlatformProjectRecruit : IDossierPart
{
    public int Id { get; set; }
    public required string DossierId { get; set; }
    public int Position { get; set; }
    public RecruitFunction Function { get; set; }
    public string? JobTitle { get; set; }
    public decimal Fte { get; set; }
    public decimal YearlyCost { get; set; }
    string IDossierPart.AuditName => "platform_recruit";
}

/// <summary>The yearly activity report of an operating year (1 or 2): the indicators of §VI.2, sent to the DGOS and the ARS.</summary>
public sealed class PlatformIndicatorReport : IDossierPart
{
    public int Id { get; set; }
    public required string DossierId { get; set; }
    public int OperatingYear { get; set; }
    public DateOnly SubmittedOn { get; set; }
    public required string SubmittedBy { get; set; }
    public List<PlatformIndicatorEntry> Entries { get; set; } = [];
    string IDossierPart.AuditName => "platform_indicators";
}

/// <summary>One indicator's value in a yearly report: a count or a text; an additional indicator carries its own label.</summary>
public sealed class PlatformIndicatorEntry : IDossierPart
{
    public int Id { get; set; }
    public int ReportId { get; set; }
    public required string DossierId { get; set; }
    public required string Key { get; set; }
    public string? Label { get; set; }
    public int? CountValue { get; set; }
    public string? TextValue { get; set; }
    string IDossierPart.AuditName => "platform_indicator";
}
