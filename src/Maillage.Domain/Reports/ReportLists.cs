using System.Globalization;
using System.Text.RegularExpressions;

namespace Maillage.Domain.Reports;

/// <summary>One of the site's best publications of the year (10 to 15 are asked; at most 15 are kept).</summary>
public sealed record Publication(string Title, string? Journal, int Year, string? Doi, string? Pmid);

/// <summary>A funded research project led by the site as principal investigator.</summary>
public sealed record ResearchProject(string Title, int Year, string Funder);

/// <summary>A field error of a report, keyed by the snake_case field name (<c>publications[2].doi</c>).</summary>
public sealed record ReportFieldError(string Field, string Message);

/// <summary>The rules on the lists and figures of an annual report (docs/formats/annual-reports.md).</summary>
public static partial class ReportRules
{
    public const int MaxPublications = 15;

    // Input bounds (a draft keeps invalid text as typed, but never more than these; beyond them a save is refused).
    /// <summary>Research projects a report may list (the criterion counts those of five years).</summary>
    public const int MaxProjects = 50;
    public const int MaxTitleLength = 500;
    public const int MaxJournalLength = 300;
    public const int MaxDoiLength = 200;
    public const int MaxPmidLength = 20;
    public const int MaxFunderLength = 200;
    /// <summary>A value kept as typed in a draft (a malformed figure, DOI…).</summary>
    public const int MaxRawLength = 500;

    /// <summary>How many years of projects count for the research criterion: the report's year and the 4 before.</summary>
    public const int ResearchYears = 5;

    // Bounded patterns: the text is length-checked first, the patterns are linear (no nested quantifier), and each match
    // runs under a timeout (a timeout reads as "not a DOI").
    [GeneratedRegex(@"^10\.\d{4,9}/\S+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DoiPattern();

    [GeneratedRegex(@"^[1-9]\d{0,8}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PmidPattern();

    public static bool IsDoi(string text) => text is not null && text.Length <= MaxDoiLength && Matches(DoiPattern(), text);

    public static bool IsPmid(string text) => text is not null && text.Length <= MaxPmidLength && Matches(PmidPattern(), text);

    private static bool Matches(Regex pattern, string text)
    {
        try { return pattern.IsMatch(text); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>Projects counted by the research criterion: those of years N−4 to N.</summary>
    public static int FundedPiProjects5y(IEnumerable<ResearchProject> projects, int year) =>
        projects.Count(p => p.Year <= year && p.Year > year - ResearchYears);

    public static IReadOnlyList<ReportFieldError> ValidatePublications(IReadOnlyList<Publication> list, int year)
    {
        ArgumentNullException.ThrowIfNull(list);
        var errors = new List<ReportFieldError>();
        if (list.Count > MaxPublications)
            errors.Add(new("publications", $"{list.Count} publications : au plus {MaxPublications} (les meilleures de l'année)."));
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            var at = "publications[" + (i + 1).ToString(CultureInfo.InvariantCulture) + "]";
            if (string.IsNullOrWhiteSpace(p.Title)) errors.Add(new(at + ".title", "Titre obligatoire."));
            if (string.IsNullOrWhiteSpace(p.Doi) && string.IsNullOrWhiteSpace(p.Pmid))
                errors.Add(new(at + ".doi", "Indiquez le DOI ou le PMID de la publication."));
            if (!string.IsNullOrWhiteSpace(p.Doi) && !IsDoi(p.Doi.Trim()))
                errors.Add(new(at + ".doi", $"DOI « {p.Doi} » invalide (attendu : 10.xxxx/…)."));
            if (!string.IsNullOrWhiteSpace(p.Pmid) && !IsPmid(p.Pmid.Trim()))
                errors.Add(new(at + ".pmid", $"PMID « {p.Pmid} » invalide (attendu : un nombre de 1 à 9 chiffres)."));
            if (p.Year < year - 1 || p.Year > year)
                errors.Add(new(at + ".year", $"Année {p.Year} : une publication du rapport {year} est de {year - 1} ou {year}."));
        }
        return errors;
    }

    public static IReadOnlyList<ReportFieldError> ValidateProjects(IReadOnlyList<ResearchProject> list, int year)
    {
        ArgumentNullException.ThrowIfNull(list);
        var errors = new List<ReportFieldError>();
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            var at = "research_projects[" + (i + 1).ToString(CultureInfo.InvariantCulture) + "]";
            if (string.IsNullOrWhiteSpace(p.Title)) errors.Add(new(at + ".title", "Titre obligatoire."));
            if (string.IsNullOrWhiteSpace(p.Funder)) errors.Add(new(at + ".funder", "Financeur obligatoire (PHRC, ANR, Europe…)."));
            if (p.Year > year || p.Year < 1990)
                errors.Add(new(at + ".year", $"Année {p.Year} invalide : un projet déclaré dans le rapport {year} a été financé au plus tard en {year}."));
        }
        return errors;
    }

    /// <summary>A count must be 0 or more.</summary>
    public static ReportFieldError? ValidateCount(string field, int? value) =>
        value is < 0 ? new(field, $"Valeur {value} invalide : un nombre positif ou nul est attendu.") : null;
}
