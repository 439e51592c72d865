using Maillage.Domain.Funding;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Budget;

/// <summary>
/// A budget year of the MIG chain (table <c>budget_years</c>): its envelopes, the line the platforms are delegated on
/// that year (F21 or F23, the sources disagree), and the simulator's scenario adopted for the centres' lines.
/// </summary>
public sealed class BudgetYear : IVersioned
{
    public int Version { get; set; }
    public int Year { get; set; }
    public MigLineCode PlatformLine { get; set; } = MigLines.DefaultPlatformLine;
    /// <summary>A saved scenario of the simulator (<c>SCN-…</c>) whose weights and envelope share the centres' lines in C1; null: the campaign referential's weights.</summary>
    public string? AdoptedScenarioId { get; set; }
    public string? Note { get; set; }
    public bool Fictitious { get; set; }
    public List<BudgetEnvelope> Envelopes { get; set; } = [];
}

/// <summary>One envelope of a year (<see cref="MigLines.EnvelopeCodes"/>: total, group or line).</summary>
public sealed class BudgetEnvelope
{
    public int Year { get; set; }
    public required string Code { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>
/// A budget circular of a year (id <c>2025-C1</c>): prepared by the national administration (computed, adjusted), then
/// published; a published circular is frozen — a withdrawal is a negative delegation in a later circular.
/// </summary>
public sealed class BudgetCircular : IVersioned
{
    public int Version { get; set; }
    public required string Id { get; set; }
    public int Year { get; set; }
    public BudgetCircularCode Circular { get; set; }
    public BudgetCircularStatus Status { get; set; }
    public string? PublishedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public bool Fictitious { get; set; }
    public List<BudgetDelegation> Delegations { get; set; } = [];

    public static string IdOf(int year, BudgetCircularCode circular) => FormattableString.Invariant($"{year}-{MigLines.Circulars.Code(circular)}");
}

/// <summary>The credits a circular delegates to one establishment (FINESS EJ) on one line; negative: a withdrawal.</summary>
public sealed class BudgetDelegation
{
    public int Id { get; set; }
    public required string CircularId { get; set; }
    public required string LegalEntityFiness { get; set; }
    public MigLineCode Line { get; set; }
    public decimal Amount { get; set; }
    /// <summary>How the amount was obtained: <c>mig_variable_part</c>, <c>scenario:SCN-…</c>, <c>pemr</c>, <c>dpi</c>, <c>filiere_share</c>, <c>manual</c>, <c>withdrawal</c>.</summary>
    public required string Basis { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// An establishment's declaration of the use of its credits for one centre on one line of a year, and the ARS check
/// (validated, or a reserve with its comment). Id <c>YEAR-EJ-LINE-CENTRE</c>.
/// </summary>
public sealed class BudgetDeclaration : IVersioned
{
    public int Version { get; set; }
    public required string Id { get; set; }
    public int Year { get; set; }
    public required string LegalEntityFiness { get; set; }
    public MigLineCode Line { get; set; }
    public required string CentreId { get; set; }
    public decimal Amount { get; set; }
    public string? Comment { get; set; }
    public BudgetDeclarationStatus Status { get; set; }
    public required string DeclaredBy { get; set; }
    public DateTimeOffset DeclaredAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewComment { get; set; }
    public bool Fictitious { get; set; }

    public static string IdOf(int year, string ej, MigLineCode line, string centreId) =>
        FormattableString.Invariant($"{year}-{ej}-{MigLines.Codes.Code(line)}-{centreId}");
}
