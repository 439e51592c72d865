using Maillage.Domain.Funding;

namespace Maillage.Core.Features.Budget;

/// <summary>A rule of the budget chain refused the write (422); <see cref="Field"/> names the input at fault.</summary>
public sealed class BudgetRuleException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The write was made from a version that is no longer the stored one (412); nothing was written.</summary>
public sealed class BudgetStaleException(int currentVersion, string message) : Exception(message)
{
    public int CurrentVersion { get; } = currentVersion;
}

/// <summary>The year, circular or declaration does not exist (404).</summary>
public sealed class BudgetNotFoundException(string message) : Exception(message);

public sealed record EnvelopeView(string Code, string Label, decimal Amount, decimal Delegated, decimal Remaining);

public sealed record CircularSummary(string Id, BudgetCircularCode Circular, BudgetCircularStatus Status, int Version, int Delegations, decimal Total,
    string? PublishedBy, DateTimeOffset? PublishedAt);

public sealed record LineView(MigLineCode Line, string Label, string Group, string Circulars, string Source, bool PlatformLine, decimal Delegated);

/// <summary>A year of the MIG chain as the caller may see it (delegated sums over the circulars the caller sees).</summary>
public sealed record BudgetYearView(int Year, MigLineCode PlatformLine, string? AdoptedScenarioId, string? Note, int Version, bool Fictitious,
    IReadOnlyList<EnvelopeView> Envelopes, IReadOnlyList<LineView> Lines, IReadOnlyList<CircularSummary> Circulars);

/// <summary>One delegation with where its establishment sits.</summary>
public sealed record DelegationRow(int Id, string CircularId, int Year, BudgetCircularCode Circular, BudgetCircularStatus CircularStatus,
    string? RegionCode, string? RegionName, string Finess, string EstablishmentName, MigLineCode Line, decimal Amount, string Basis, string? Note);

public sealed record CircularView(string Id, int Year, BudgetCircularCode Circular, BudgetCircularStatus Status, int Version, string? PublishedBy,
    DateTimeOffset? PublishedAt, bool Fictitious, IReadOnlyList<DelegationRow> Delegations, decimal Total);

/// <summary>The year's settings the national administration edits.</summary>
public sealed record BudgetYearInput(MigLineCode PlatformLine, IReadOnlyDictionary<string, decimal> Envelopes, string? AdoptedScenarioId, string? Note);

/// <summary>
/// What to compute in a draft circular: the lines (F04–F07 are computed together), optional amounts to share per line
/// (default: what remains of the line's envelope), and the DPI tree's results for F22 (<see cref="Funding.FundingFiles.ComputeDpi(string)"/>).
/// </summary>
public sealed record BudgetComputeInput(IReadOnlyList<MigLineCode> Lines, IReadOnlyDictionary<MigLineCode, decimal>? Amounts, IReadOnlyList<DpiFunding>? Dpi);

/// <summary>The codes of the budget chain typed by users (lines, circulars, decisions), case-insensitive; a bad one is a <see cref="BudgetRuleException"/> naming the field.</summary>
public static class BudgetCodes
{
    public static MigLineCode Line(string? text, string field = "line")
    {
        var t = (text ?? "").Trim().ToUpperInvariant();
        return MigLines.Codes.TryParse(t, out var line) ? line
            : throw new BudgetRuleException(field, $"Ligne MIG « {Cut(text)} » inconnue (lignes : {string.Join(", ", MigLines.Codes.Codes)}).");
    }

    public static BudgetCircularCode Circular(string? text, string field = "circular")
    {
        var t = (text ?? "").Trim().ToUpperInvariant();
        return MigLines.Circulars.TryParse(t, out var c) ? c
            : throw new BudgetRuleException(field, $"Circulaire « {Cut(text)} » inconnue (C1, C2 ou C3).");
    }

    public static BudgetDeclarationStatus Decision(string? text, string field = "decision")
    {
        var t = (text ?? "").Trim().ToLowerInvariant();
        return t switch
        {
            "validated" or "valider" or "validate" => BudgetDeclarationStatus.Validated,
            "reserve" or "réserve" => BudgetDeclarationStatus.Reserve,
            _ => throw new BudgetRuleException(field, $"Décision « {Cut(text)} » inconnue (validated ou reserve)."),
        };
    }

    private static string Cut(string? s) => s is null ? "" : s.Length > 20 ? s[..20] + "…" : s;
}

/// <summary>The outcome of a computation: the delegations now in the circular for the lines computed, and explanation lines.</summary>
public sealed record BudgetComputeResult(CircularView Circular, IReadOnlyList<string> Notes);

/// <summary>One delegation set by hand (0 removes it; negative: a withdrawal, in C2 or C3, with a note).</summary>
public sealed record DelegationInput(string Finess, MigLineCode Line, decimal Amount, string? Note);

public sealed record DeclarationInput(int Year, string Finess, MigLineCode Line, string CentreId, decimal Amount, string? Comment);

public sealed record DeclarationRow(string Id, int Year, string? RegionCode, string? RegionName, string Finess, string EstablishmentName, MigLineCode Line,
    string CentreId, string CentreName, decimal Amount, string? Comment, BudgetDeclarationStatus Status, string DeclaredBy, DateTimeOffset DeclaredAt,
    string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewComment, int Version, bool Fictitious);

/// <summary>The national view of gaps: delegated (published circulars) vs declared vs validated, per region, establishment and line.</summary>
public sealed record GapRow(int Year, string? RegionCode, string? RegionName, string Finess, string EstablishmentName, MigLineCode Line,
    decimal Delegated, decimal Declared, decimal Validated, int Reserves, decimal Undeclared, decimal Unvalidated);
