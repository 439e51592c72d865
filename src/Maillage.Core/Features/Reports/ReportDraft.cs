using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Maillage.Domain.Referential;
using Maillage.Domain.Reports;

namespace Maillage.Core.Features.Reports;

/// <summary>A field of the report form: its section, snake_case path, French label and whether a submission needs it.</summary>
public sealed record ReportFieldInfo(string Section, string Field, string Label, bool Required);

/// <summary>
/// Drafts that forgive, submissions that guard (docs/reports.md). <see cref="Split"/> sorts a save's input into what is
/// stored in the typed columns, what is kept as typed (<see cref="AnnualReport.DraftRawJson"/>) with a warning, and what
/// is refused outright (the input bounds); <see cref="WarningsOf"/> gives one French warning per field to correct;
/// <see cref="ChecklistOf"/> the completeness checklist a submission must pass.
/// </summary>
public static partial class ReportDraft
{
    public const string CareSection = "Prise en charge et recours";
    public const string ExpertiseSection = "Expertise";
    public const string ResearchSection = "Recherche";
    public const string TeachingSection = "Enseignement et formation";
    public const string CoordinationSection = "Coordination";

    /// <summary>The form's fields in order; <see cref="ReportFieldInfo.Required"/> ones must be filled to submit.</summary>
    public static readonly IReadOnlyList<ReportFieldInfo> Fields =
    [
        new(CareSection, "active_patients", "File active (patients vus au moins une fois dans l'année)", true),
        new(CareSection, "consultations", "Consultations", true),
        new(CareSection, "day_hospital_stays", "Séjours en hôpital de jour", true),
        new(CareSection, "full_hospital_stays", "Séjours en hospitalisation complète", true),
        new(CareSection, "etp_programmes", "Programmes d'éducation thérapeutique (ETP)", true),
        new(ExpertiseSection, "expert_opinions", "Avis d'expert", true),
        new(ExpertiseSection, "rcp_organised", "RCP organisées (locales ou régionales)", true),
        new(ExpertiseSection, "rcp_attended", "RCP nationales suivies", true),
        new(ExpertiseSection, "pnds_written", "PNDS rédigés", true),
        new(ExpertiseSection, "pnds_updated", "PNDS actualisés", true),
        new(ExpertiseSection, "tele_expertise", "Actes de télé-expertise", true),
        new(ExpertiseSection, "bndmr_entry", "Saisie dans la BNDMR (BaMaRa)", true),
        new(ResearchSection, "publications", "Meilleures publications de l'année", true),
        new(ResearchSection, "research_projects", "Projets de recherche financés en investigateur principal", true),
        new(ResearchSection, "sigaps_points_4y", "Points SIGAPS sur 4 ans", true),
        new(TeachingSection, "du_diu_coordinated", "DU / DIU coordonnés", true),
        new(TeachingSection, "other_teaching", "Autres enseignements (DPC, formation à distance…)", false),
        new(CoordinationSection, "association_conventions", "Conventions avec des associations de patients", true),
        new(CoordinationSection, "action_plan_revised", "Plan d'action révisé dans l'année", true),
        new(CoordinationSection, "claimed_exception", "Exception demandée", false),
        new(CoordinationSection, "exception_justification", "Justification de l'exception", false),
    ];

    /// <summary>How many values a draft may keep as typed (every scalar field and every part of every listed row).</summary>
    public const int MaxRawEntries = 400;

    private static readonly HashSet<string> CountFields = new(StringComparer.Ordinal)
    {
        "active_patients", "consultations", "day_hospital_stays", "full_hospital_stays", "expert_opinions", "rcp_organised", "rcp_attended",
        "etp_programmes", "pnds_written", "pnds_updated", "tele_expertise", "sigaps_points_4y", "du_diu_coordinated", "association_conventions",
    };

    [GeneratedRegex(@"^(publications|research_projects)\[([1-9][0-9]{0,2})\]\.(title|journal|year|doi|pmid|funder)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex RowPath();

    /// <summary>True for a path a draft may keep a typed value under: a count, the exception's code, or a part of a listed row.</summary>
    public static bool IsRawPath(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 60) return false;
        if (CountFields.Contains(path) || path == "claimed_exception") return true;
        Match m;
        try { m = RowPath().Match(path); }
        catch (RegexMatchTimeoutException) { return false; }
        if (!m.Success) return false;
        var index = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var part = m.Groups[3].Value;
        return m.Groups[1].Value == "publications"
            ? index <= ReportRules.MaxPublications && part is "title" or "journal" or "year" or "doi" or "pmid"
            : index <= ReportRules.MaxProjects && part is "title" or "year" or "funder";
    }

    /// <summary>What a save does with its input: store <see cref="Clean"/>, keep <see cref="Raw"/> as typed, or refuse on <see cref="Refused"/>.</summary>
    public sealed record SplitInput(ReportInput Clean, IReadOnlyDictionary<string, string> Raw, IReadOnlyList<ReportFieldError> Refused);

    /// <summary>
    /// Sorts a save's input. Refused (nothing saved): more than <see cref="ReportRules.MaxPublications"/> publications or
    /// <see cref="ReportRules.MaxProjects"/> projects, a text longer than its bound, a kept value on an unknown path or too
    /// long. Kept as typed, the typed value left empty: a negative figure, an unknown exception code, a malformed DOI or
    /// PMID, and what the door could not read (<see cref="ReportInput.Raw"/>). Everything else is stored.
    /// </summary>
    public static SplitInput Split(ReportInput input, int year)
    {
        ArgumentNullException.ThrowIfNull(input);
        var refused = new List<ReportFieldError>();
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        void TooLong(string field, string? text, int max)
        {
            if (text is not null && text.Length > max)
                refused.Add(new(field, $"Texte trop long ({text.Length.ToString(CultureInfo.InvariantCulture)} caractères ; au plus {max.ToString(CultureInfo.InvariantCulture)})."));
        }
        if (input.Publications is { Count: > ReportRules.MaxPublications } pubs)
            refused.Add(new("publications", $"{pubs.Count.ToString(CultureInfo.InvariantCulture)} publications : au plus {ReportRules.MaxPublications.ToString(CultureInfo.InvariantCulture)} (les meilleures de l'année)."));
        if (input.ResearchProjects is { Count: > ReportRules.MaxProjects } projs)
            refused.Add(new("research_projects", $"{projs.Count.ToString(CultureInfo.InvariantCulture)} projets : au plus {ReportRules.MaxProjects.ToString(CultureInfo.InvariantCulture)}."));
        for (var i = 0; i < (input.Publications?.Count ?? 0); i++)
        {
            var p = input.Publications![i];
            var at = Row("publications", i);
            TooLong(at + ".title", p.Title, ReportRules.MaxTitleLength);
            TooLong(at + ".journal", p.Journal, ReportRules.MaxJournalLength);
            TooLong(at + ".doi", p.Doi, ReportRules.MaxDoiLength);
            TooLong(at + ".pmid", p.Pmid, ReportRules.MaxPmidLength);
        }
        for (var i = 0; i < (input.ResearchProjects?.Count ?? 0); i++)
        {
            var p = input.ResearchProjects![i];
            var at = Row("research_projects", i);
            TooLong(at + ".title", p.Title, ReportRules.MaxTitleLength);
            TooLong(at + ".funder", p.Funder, ReportRules.MaxFunderLength);
        }
        TooLong("other_teaching", input.OtherTeaching, 4000);
        TooLong("exception_justification", input.ExceptionJustification, 4000);
        if (input.Raw is { } given)
        {
            if (given.Count > MaxRawEntries) refused.Add(new("raw", $"{given.Count.ToString(CultureInfo.InvariantCulture)} valeurs à conserver : au plus {MaxRawEntries.ToString(CultureInfo.InvariantCulture)}."));
            else
                foreach (var (path, text) in given)
                {
                    if (!IsRawPath(path)) { refused.Add(new(path ?? "raw", "Champ inconnu du rapport.")); continue; }
                    if (text is null || string.IsNullOrWhiteSpace(text)) continue;
                    if (text.Length > ReportRules.MaxRawLength) { TooLong(path, text, ReportRules.MaxRawLength); continue; }
                    raw[path] = text.Trim();
                }
        }
        if (refused.Count > 0) return new(input, raw, refused);

        int? Count(string field, int? value)
        {
            if (value is >= 0 || value is null) return raw.ContainsKey(field) ? null : value;
            raw[field] = value.Value.ToString(CultureInfo.InvariantCulture);
            return null;
        }
        string? exception = string.IsNullOrWhiteSpace(input.ClaimedException) ? null : input.ClaimedException.Trim();
        if (exception is not null && !Codes.TryParseException(exception, out _))
        {
            raw["claimed_exception"] = exception;
            exception = null;
        }
        if (raw.ContainsKey("claimed_exception")) exception = null;
        List<Publication>? publications = null;
        if (input.Publications is { } list)
        {
            publications = [];
            for (var i = 0; i < list.Count; i++)
            {
                var p = list[i];
                var at = Row("publications", i);
                var doi = string.IsNullOrWhiteSpace(p.Doi) ? null : p.Doi.Trim();
                if (doi is not null && !ReportRules.IsDoi(doi)) { raw[at + ".doi"] = doi; doi = null; }
                var pmid = string.IsNullOrWhiteSpace(p.Pmid) ? null : p.Pmid.Trim();
                if (pmid is not null && !ReportRules.IsPmid(pmid)) { raw[at + ".pmid"] = pmid; pmid = null; }
                if (raw.ContainsKey(at + ".doi")) doi = null;
                if (raw.ContainsKey(at + ".pmid")) pmid = null;
                publications.Add(p with { Title = p.Title ?? "", Doi = doi, Pmid = pmid });
            }
        }
        var clean = input with
        {
            ActivePatients = Count("active_patients", input.ActivePatients), Consultations = Count("consultations", input.Consultations),
            DayHospitalStays = Count("day_hospital_stays", input.DayHospitalStays), FullHospitalStays = Count("full_hospital_stays", input.FullHospitalStays),
            ExpertOpinions = Count("expert_opinions", input.ExpertOpinions), RcpOrganised = Count("rcp_organised", input.RcpOrganised),
            RcpAttended = Count("rcp_attended", input.RcpAttended), EtpProgrammes = Count("etp_programmes", input.EtpProgrammes),
            PndsWritten = Count("pnds_written", input.PndsWritten), PndsUpdated = Count("pnds_updated", input.PndsUpdated),
            TeleExpertise = Count("tele_expertise", input.TeleExpertise), SigapsPoints4y = Count("sigaps_points_4y", input.SigapsPoints4y),
            DuDiuCoordinated = Count("du_diu_coordinated", input.DuDiuCoordinated), AssociationConventions = Count("association_conventions", input.AssociationConventions),
            ClaimedException = exception, Publications = publications,
            ResearchProjects = input.ResearchProjects?.Select(p => p with { Title = p.Title ?? "", Funder = p.Funder ?? "" }).ToList(),
            Raw = null,
        };
        _ = year;
        return new(clean, raw, []);
    }

    private static string Row(string list, int index) => list + "[" + (index + 1).ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>
    /// The kept values after a save: the scalar ones and those of the lists the save replaced come from this save; those of a
    /// list it left unchanged (null in the input) stay. Null when none remains.
    /// </summary>
    public static string? Merge(string? storedJson, ReportInput saved, IReadOnlyDictionary<string, string> raw)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(raw);
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in Read(storedJson))
        {
            var keep = (path.StartsWith("publications[", StringComparison.Ordinal) && saved.Publications is null)
                || (path.StartsWith("research_projects[", StringComparison.Ordinal) && saved.ResearchProjects is null);
            if (keep) merged[path] = text;
        }
        foreach (var (path, text) in raw) merged[path] = text;
        return merged.Count == 0 ? null : JsonSerializer.Serialize(merged);
    }

    /// <summary>The values a report keeps as typed, by field path (empty when none or unreadable).</summary>
    public static IReadOnlyDictionary<string, string> RawOf(AnnualReport r) => Read(r?.DraftRawJson);

    private static SortedDictionary<string, string> Read(string? json)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json)) return result;
        try
        {
            foreach (var (k, v) in JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []) if (v is not null) result[k] = v;
        }
        catch (JsonException)
        {
            // An unreadable column reads as nothing kept; the next save rewrites it.
        }
        return result;
    }

    /// <summary>The French warning of a value kept as typed.</summary>
    public static string RawMessage(string path, string text, int year)
    {
        ArgumentNullException.ThrowIfNull(path);
        var part = path.Contains('.', StringComparison.Ordinal) ? path[(path.LastIndexOf('.') + 1)..] : path;
        if (CountFields.Contains(path)) return $"« {text} » n'est pas un nombre entier positif ou nul : valeur conservée, à corriger avant la soumission.";
        if (path == "claimed_exception") return $"Exception « {text} » inconnue (valeurs admises : {string.Join(", ", Codes.AllExceptionCodes)}).";
        return part switch
        {
            "doi" => $"DOI « {text} » invalide (attendu : 10.xxxx/…) : valeur conservée, à corriger avant la soumission.",
            "pmid" => $"PMID « {text} » invalide (attendu : un nombre de 1 à 9 chiffres).",
            "year" when path.StartsWith("publications", StringComparison.Ordinal) =>
                $"Année « {text} » invalide : une publication du rapport {year.ToString(CultureInfo.InvariantCulture)} est de {(year - 1).ToString(CultureInfo.InvariantCulture)} ou {year.ToString(CultureInfo.InvariantCulture)}.",
            "year" => $"Année « {text} » invalide : une année en chiffres est attendue.",
            _ => $"« {text} » invalide.",
        };
    }

    /// <summary>
    /// One warning per field to correct before submission, by path: the values kept as typed, then the rules the stored
    /// content breaks (a publication without title, DOI or PMID; a year out of range; an exception without justification).
    /// </summary>
    public static IReadOnlyList<ReportFieldError> WarningsOf(AnnualReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var raw = RawOf(r);
        var warnings = raw.Select(e => new ReportFieldError(e.Key, RawMessage(e.Key, e.Value, r.Year))).ToList();
        foreach (var e in ReportService.Validate(ReportInput.From(r), r.Year))
        {
            if (raw.ContainsKey(e.Field)) continue;
            // A row whose DOI was kept as typed has no stored identifier: its DOI warning says it already.
            if (e.Field.EndsWith(".doi", StringComparison.Ordinal) && raw.ContainsKey(e.Field[..^4] + ".pmid")) continue;
            warnings.Add(e);
        }
        return warnings.OrderBy(w => Order(w.Field)).ThenBy(w => w.Field, StringComparer.Ordinal).ToList();
    }

    private static int Order(string path)
    {
        var root = path.Split('[', '.')[0];
        for (var i = 0; i < Fields.Count; i++) if (Fields[i].Field == root) return i;
        return Fields.Count;
    }

    /// <summary>
    /// The completeness checklist: for each field of <see cref="Fields"/>, missing (required and empty; a claimed exception
    /// needs its justification), invalid (a warning on it or on one of its rows), or complete.
    /// </summary>
    public static ReportChecklist ChecklistOf(AnnualReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var warnings = WarningsOf(r);
        var input = ReportInput.From(r);
        var items = new List<ChecklistItem>();
        foreach (var f in Fields)
        {
            var own = warnings.Where(w => w.Field == f.Field || w.Field.StartsWith(f.Field + "[", StringComparison.Ordinal)).ToList();
            var missing = f.Field switch
            {
                "publications" => input.Publications is not { Count: > 0 } && !own.Any()
                    ? "Indiquez les meilleures publications de l'année (10 à 15 sont demandées)." : null,
                "research_projects" => input.ResearchProjects is null && !own.Any()
                    ? "Indiquez les projets financés en investigateur principal (une liste vide si aucun)." : null,
                "exception_justification" => input.ClaimedException is not null && string.IsNullOrWhiteSpace(input.ExceptionJustification)
                    ? "Une exception demandée doit être justifiée." : null,
                _ when f.Required && own.Count == 0 && IsEmpty(input, f.Field) => "Champ obligatoire non renseigné.",
                _ => null,
            };
            if (missing is not null) items.Add(new(f.Section, f.Field, f.Label, ChecklistState.Missing, missing));
            else if (own.Count > 0) items.Add(new(f.Section, f.Field, f.Label, ChecklistState.Invalid, string.Join(" ", own.Select(w => w.Message))));
            else items.Add(new(f.Section, f.Field, f.Label, ChecklistState.Complete, null));
        }
        return new ReportChecklist(items);
    }

    private static bool IsEmpty(ReportInput i, string field) => field switch
    {
        "active_patients" => i.ActivePatients is null,
        "consultations" => i.Consultations is null,
        "day_hospital_stays" => i.DayHospitalStays is null,
        "full_hospital_stays" => i.FullHospitalStays is null,
        "etp_programmes" => i.EtpProgrammes is null,
        "expert_opinions" => i.ExpertOpinions is null,
        "rcp_organised" => i.RcpOrganised is null,
        "rcp_attended" => i.RcpAttended is null,
        "pnds_written" => i.PndsWritten is null,
        "pnds_updated" => i.PndsUpdated is null,
        "tele_expertise" => i.TeleExpertise is null,
        "bndmr_entry" => i.BndmrEntry is null,
        "sigaps_points_4y" => i.SigapsPoints4y is null,
        "du_diu_coordinated" => i.DuDiuCoordinated is null,
        "other_teaching" => string.IsNullOrWhiteSpace(i.OtherTeaching),
        "association_conventions" => i.AssociationConventions is null,
        "action_plan_revised" => i.ActionPlanRevised is null,
        "claimed_exception" => string.IsNullOrWhiteSpace(i.ClaimedException),
        "exception_justification" => string.IsNullOrWhiteSpace(i.ExceptionJustification),
        _ => false,
    };
}
