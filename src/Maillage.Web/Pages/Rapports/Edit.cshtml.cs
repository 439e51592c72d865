using System.Globalization;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Rapports;

/// <summary>
/// The annual report form of a site and year: the five missions, declared beside measured activity (gaps over 10 %
/// flagged), autosave (htmx, handler <c>autosave</c>), the publications and projects as small tables (rows added and
/// removed with or without JavaScript), drafts that keep invalid values as typed with a warning next to each field, the
/// completeness checklist and the confirmation before submitting (GET <c>submit</c>), a printable view
/// (<c>impression</c>) and the PDF (<c>pdf</c>); a report the caller cannot edit reads as text, not greyed inputs.
/// </summary>
public sealed class EditModel(ReportService service) : ReportPageModel(service)
{
    /// <summary>A row of the publications table (text as typed; the Core keeps an invalid value with its warning).</summary>
    public sealed class PublicationRow
    {
        /// <summary>The row's form key (<c>Input.Publications.Index</c>): a row removed in the browser leaves no gap, the order is kept.</summary>
        public string? Key { get; set; }
        public string? Title { get; set; }
        public string? Journal { get; set; }
        public string? Year { get; set; }
        public string? Doi { get; set; }
        public string? Pmid { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Journal) && string.IsNullOrWhiteSpace(Year)
            && string.IsNullOrWhiteSpace(Doi) && string.IsNullOrWhiteSpace(Pmid);
    }

    /// <summary>A row of the research projects table.</summary>
    public sealed class ProjectRow
    {
        public string? Key { get; set; }
        public string? Title { get; set; }
        public string? Year { get; set; }
        public string? Funder { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Year) && string.IsNullOrWhiteSpace(Funder);
    }

    public sealed class InputModel
    {
        public string? ActivePatients { get; set; }
        public string? Consultations { get; set; }
        public string? DayHospitalStays { get; set; }
        public string? FullHospitalStays { get; set; }
        public string? ExpertOpinions { get; set; }
        public string? RcpOrganised { get; set; }
        public string? RcpAttended { get; set; }
        public string? EtpProgrammes { get; set; }
        public string? PndsWritten { get; set; }
        public string? PndsUpdated { get; set; }
        public string? TeleExpertise { get; set; }
        public string? BndmrEntry { get; set; }
        public List<PublicationRow> Publications { get; set; } = [];
        public List<ProjectRow> ResearchProjects { get; set; } = [];
        public string? SigapsPoints4y { get; set; }
        public string? DuDiuCoordinated { get; set; }
        public string? OtherTeaching { get; set; }
        public string? AssociationConventions { get; set; }
        public string? ActionPlanRevised { get; set; }
        public string? ClaimedException { get; set; }
        public string? ExceptionJustification { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public string? Reason { get; set; }
    /// <summary>The row a « Supprimer » button removes without JavaScript (<c>publications:KEY</c> or <c>projects:KEY</c>).</summary>
    [BindProperty] public string? RemoveRow { get; set; }
    /// <summary>Set by the confirmation screen's button: a submission is only made once confirmed.</summary>
    [BindProperty] public bool Confirmed { get; set; }
    public string? AutosaveMessage { get; private set; }

    /// <summary>The view: the form (or the read-only text), the confirmation before submitting, or the printable view.</summary>
    public string View { get; private set; } = "form";

    /// <summary>True when the field messages are the saved draft's warnings (not a refused post's errors).</summary>
    public bool ShowsDraftWarnings { get; private set; }

    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["active_patients"] = "Input.ActivePatients", ["consultations"] = "Input.Consultations", ["day_hospital_stays"] = "Input.DayHospitalStays",
        ["full_hospital_stays"] = "Input.FullHospitalStays", ["expert_opinions"] = "Input.ExpertOpinions", ["rcp_organised"] = "Input.RcpOrganised",
        ["rcp_attended"] = "Input.RcpAttended", ["etp_programmes"] = "Input.EtpProgrammes", ["pnds_written"] = "Input.PndsWritten",
        ["pnds_updated"] = "Input.PndsUpdated", ["tele_expertise"] = "Input.TeleExpertise", ["bndmr_entry"] = "Input.BndmrEntry",
        ["sigaps_points_4y"] = "Input.SigapsPoints4y", ["du_diu_coordinated"] = "Input.DuDiuCoordinated", ["other_teaching"] = "Input.OtherTeaching",
        ["association_conventions"] = "Input.AssociationConventions", ["action_plan_revised"] = "Input.ActionPlanRevised",
        ["claimed_exception"] = "Input.ClaimedException", ["exception_justification"] = "Input.ExceptionJustification",
        ["publications"] = "Input.Publications", ["research_projects"] = "Input.ResearchProjects",
        ["reason"] = "Reason",
    };

    /// <summary>The row keys in the order they were read (the Core's <c>publications[n]</c> is the n-th non-blank row).</summary>
    private readonly List<string> publicationKeys = [];
    private readonly List<string> projectKeys = [];

    private static readonly System.Text.RegularExpressions.Regex RowPath =
        new(@"^(publications|research_projects)\[([0-9]{1,3})\]\.([a-z]+)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>The form key of a Core field path (<c>publications[2].doi</c> → <c>Input.Publications[KEY].Doi</c>).</summary>
    private string Key(string field)
    {
        if (Fields.TryGetValue(field, out var k)) return k;
        var m = RowPath.Match(field);
        if (m.Success)
        {
            var n = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) - 1;
            var keys = m.Groups[1].Value == "publications" ? publicationKeys : projectKeys;
            var list = m.Groups[1].Value == "publications" ? "Input.Publications" : "Input.ResearchProjects";
            var part = m.Groups[3].Value;
            return n >= 0 && n < keys.Count ? $"{list}[{keys[n]}].{char.ToUpperInvariant(part[0])}{part[1..]}" : list;
        }
        if (field.StartsWith("publications", StringComparison.Ordinal)) return "Input.Publications";
        if (field.StartsWith("research_projects", StringComparison.Ordinal)) return "Input.ResearchProjects";
        return "";
    }

    /// <summary>The element id of a form key (the DSFR field helper's rule), for the checklist's and summaries' links.</summary>
    public static string IdOf(string key) => key.Replace('.', '-').Replace('[', '-').Replace(']', '-');

    /// <summary>The anchor of a checklist item: its field, or the table of a list.</summary>
    public static string AnchorOf(string field) => field switch
    {
        "publications" => "tableau-publications",
        "research_projects" => "tableau-projets",
        _ => Fields.TryGetValue(field, out var k) ? IdOf(k) : "formulaire-rapport",
    };

    public static IEnumerable<SelectListItem> YesNo => [new("Non renseigné", ""), new("Oui", "true"), new("Non", "false")];

    public static IEnumerable<SelectListItem> Exceptions =>
        [new("Aucune", ""), new("Ratio file active / prévalence significatif (site constitutif)", "prevalence_ratio"), new("Maillage territorial spécifique (CRC-MHC)", "territorial_mesh")];

    public bool CanEdit => Report.AllowedActions.Contains("save");

    public RowsTable PublicationsTable => new("tableau-publications", "publications", "Input.Publications", "publication",
        "Meilleures publications de l'année (10 à 15 sont demandées, au plus 15)",
        "Une ligne par publication : titre, revue, année (N ou N−1), DOI (10.xxxx/…) ou PMID. Une ligne vide est ignorée.",
        ReportRules.MaxPublications,
        [new("Title", "Titre"), new("Journal", "Revue"), new("Year", "Année", "numeric"), new("Doi", "DOI"), new("Pmid", "PMID", "numeric")],
        Input.Publications.Select((p, i) => (Row: p, Index: i)).Where(x => !x.Row.IsBlank).Select(x => (RowKey(x.Row.Key, x.Index), (IReadOnlyList<string?>)[x.Row.Title, x.Row.Journal, x.Row.Year, x.Row.Doi, x.Row.Pmid])).ToList());

    public RowsTable ProjectsTable => new("tableau-projets", "projects", "Input.ResearchProjects", "projet",
        "Projets de recherche financés en investigateur principal",
        "Une ligne par projet : titre, année de financement, financeur (PHRC, ANR, Europe…). Ceux des 5 dernières années comptent pour le critère recherche. Aucune ligne : aucun projet.",
        ReportRules.MaxProjects,
        [new("Title", "Titre"), new("Year", "Année", "numeric"), new("Funder", "Financeur")],
        Input.ResearchProjects.Select((p, i) => (Row: p, Index: i)).Where(x => !x.Row.IsBlank).Select(x => (RowKey(x.Row.Key, x.Index), (IReadOnlyList<string?>)[x.Row.Title, x.Row.Year, x.Row.Funder])).ToList());

    /// <summary>A row's key as posted (letters, digits, dashes; at most 20), or its position.</summary>
    private static string RowKey(string? key, int index) =>
        key is { Length: > 0 and <= 20 } k && k.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? k : "r" + index.ToString(CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(string centreId, int year, CancellationToken ct)
    {
        if (await LoadAsync(centreId, year, ct) is { } refused) return refused;
        ShowDraft();
        return Page();
    }

    /// <summary>The confirmation screen before submitting: the checklist, and the confirm button only when it is complete.</summary>
    public async Task<IActionResult> OnGetSubmitAsync(string centreId, int year, CancellationToken ct)
    {
        if (await LoadAsync(centreId, year, ct) is { } refused) return refused;
        ShowDraft();
        View = "confirm";
        return Page();
    }

    /// <summary>The printable view: the report as text (definition lists and tables), for the browser's print.</summary>
    public async Task<IActionResult> OnGetImpressionAsync(string centreId, int year, CancellationToken ct)
    {
        if (await LoadAsync(centreId, year, ct) is { } refused) return refused;
        View = "print";
        return Page();
    }

    /// <summary>The report as a PDF (the same document as the API's and the CLI's).</summary>
    public async Task<IActionResult> OnGetPdfAsync(string centreId, int year, CancellationToken ct)
    {
        var caller = CurrentCaller;
        if (!caller.IsAuthenticated) return User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
        var (status, pdf, name) = await Service.PdfAsync(caller, centreId, year, ct);
        return status switch
        {
            Core.Features.Registry.WriteStatus.Ok => File(pdf!, "application/pdf", name),
            Core.Features.Registry.WriteStatus.NotFound => NotFound(),
            _ => StatusCode(StatusCodes.Status403Forbidden),
        };
    }

    private void ShowDraft()
    {
        Input = FromReport(Report);
        Version = Report.Version;
        // The saved draft's warnings, next to their fields (DSFR error state) and in a summary above the form.
        foreach (var w in Report.FieldWarnings) ModelState.AddModelError(Key(w.Field), w.Message);
        ShowsDraftWarnings = Report.FieldWarnings.Count > 0;
    }

    public Task<IActionResult> OnPostAsync(string centreId, int year, CancellationToken ct) => SaveAsync(centreId, year, autosave: false, ct);

    /// <summary>htmx autosave: saves the draft and answers the status line (or the errors) as an HTML fragment.</summary>
    public Task<IActionResult> OnPostAutosaveAsync(string centreId, int year, CancellationToken ct) => SaveAsync(centreId, year, autosave: true, ct);

    public async Task<IActionResult> OnPostSubmitAsync(string centreId, int year, CancellationToken ct)
    {
        // A submission is confirmed on its own screen (checklist first); a bare post leads there.
        if (!Confirmed)
        {
            if (await RefuseWriteAsync(centreId, year, ct) is { } refused) return refused;
            return Redirect(PathOf(centreId, year) + "/submit");
        }
        return await TransitionAsync(centreId, year, ReportAction.Submit, "Le rapport a été soumis à la direction de l'établissement.", ct);
    }

    public Task<IActionResult> OnPostReturnAsync(string centreId, int year, CancellationToken ct) =>
        TransitionAsync(centreId, year, ReportAction.Return, "Le rapport a été renvoyé en brouillon au responsable du centre.", ct);

    public Task<IActionResult> OnPostValidateAsync(string centreId, int year, CancellationToken ct) =>
        TransitionAsync(centreId, year, ReportAction.Validate, "Le rapport a été validé : il est verrouillé.", ct);

    public Task<IActionResult> OnPostTransmitAsync(string centreId, int year, CancellationToken ct) =>
        TransitionAsync(centreId, year, ReportAction.Transmit, "Le rapport a été transmis à l'ARS (information) et au ministère (régulation).", ct);

    public Task<IActionResult> OnPostReopenAsync(string centreId, int year, CancellationToken ct) =>
        TransitionAsync(centreId, year, ReportAction.Reopen, "Le rapport a été rouvert : il repasse en brouillon.", ct);

    private async Task<IActionResult> SaveAsync(string centreId, int year, bool autosave, CancellationToken ct)
    {
        if (await RefuseWriteAsync(centreId, year, ct) is { } refused) return refused;
        RemoveRequestedRow();
        var input = Parse(Input, year);
        IActionResult? outcome = null;
        if (ModelState.IsValid)
        {
            var result = await Service.SaveAsync(CurrentCaller, centreId, year, input, Version, ct);
            if (autosave && result.Status == Core.Features.Registry.WriteStatus.Ok)
            {
                AutosaveMessage = "Brouillon enregistré automatiquement le " + French.Date(Service.Today) + " à "
                    + DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "."
                    + (input.Raw is { Count: > 0 } ? " Les valeurs à corriger sont conservées telles que saisies." : "");
                Version = result.CurrentVersion;
                return Partial("_Autosave", this);
            }
            if (autosave && result.Status == Core.Features.Registry.WriteStatus.Stale)
            {
                // Not "saved": the conflict, and the form keeps the user's input (the page is not reloaded).
                Conflict = result.Errors.FirstOrDefault()?.Message;
                AutosaveMessage = "Brouillon non enregistré : le rapport a été modifié entre-temps.";
                return Partial("_Autosave", this);
            }
            outcome = Outcome(result, PathOf(centreId, year), "Le rapport a été enregistré.", Key);
        }
        if (outcome is not null) return outcome;
        if (await LoadAsync(centreId, year, ct) is { } r) return r;
        if (autosave)
        {
            AutosaveMessage = "Brouillon non enregistré : " + string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
            return Partial("_Autosave", this);
        }
        return Page();
    }

    private void RemoveRequestedRow()
    {
        if (string.IsNullOrEmpty(RemoveRow)) return;
        var parts = RemoveRow.Split(':', 2);
        if (parts.Length != 2) return;
        if (parts[0] == "publications") Input.Publications.RemoveAll(p => p.Key == parts[1]);
        else if (parts[0] == "projects") Input.ResearchProjects.RemoveAll(p => p.Key == parts[1]);
        // The button only removes: the row's values are not an error anyone must see.
        foreach (var key in ModelState.Keys.Where(k => k.Contains("[" + parts[1] + "]", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
    }

    private async Task<IActionResult> TransitionAsync(string centreId, int year, ReportAction action, string message, CancellationToken ct)
    {
        if (await RefuseWriteAsync(centreId, year, ct) is { } refused) return refused;
        var result = await Service.TransitionAsync(CurrentCaller, centreId, year, action, Reason, Version, ct);
        if (Outcome(result, PathOf(centreId, year), message, f => f == "status" ? "" : Key(f)) is { } done) return done;
        if (await LoadAsync(centreId, year, ct) is { } r) return r;
        Input = FromReport(Report);
        if (Conflict is null) Version = Report.Version;
        if (action == ReportAction.Submit) View = "confirm";
        return Page();
    }

    private InputModel FromReport(Api.Reports.ReportDto r)
    {
        var f = r.Fields;
        var raw = r.RawFields;
        string? N(string field, int? v) => raw.TryGetValue(field, out var t) ? t : v?.ToString(CultureInfo.InvariantCulture);
        static string? B(bool? v) => v is null ? "" : v.Value ? "true" : "false";
        string? R(string path, string? v) => raw.TryGetValue(path, out var t) ? t : v;
        publicationKeys.Clear();
        projectKeys.Clear();
        var publications = new List<PublicationRow>();
        for (var i = 0; i < (f.Publications?.Count ?? 0); i++)
        {
            var p = f.Publications![i];
            var at = "publications[" + (i + 1).ToString(CultureInfo.InvariantCulture) + "]";
            var key = i.ToString(CultureInfo.InvariantCulture);
            publicationKeys.Add(key);
            publications.Add(new PublicationRow
            {
                Key = key, Title = p.Title, Journal = p.Journal, Year = R(at + ".year", p.Year == 0 ? null : p.Year.ToString(CultureInfo.InvariantCulture)),
                Doi = R(at + ".doi", p.Doi), Pmid = R(at + ".pmid", p.Pmid),
            });
        }
        var projects = new List<ProjectRow>();
        for (var i = 0; i < (f.ResearchProjects?.Count ?? 0); i++)
        {
            var p = f.ResearchProjects![i];
            var at = "research_projects[" + (i + 1).ToString(CultureInfo.InvariantCulture) + "]";
            var key = i.ToString(CultureInfo.InvariantCulture);
            projectKeys.Add(key);
            projects.Add(new ProjectRow { Key = key, Title = p.Title, Year = R(at + ".year", p.Year == 0 ? null : p.Year.ToString(CultureInfo.InvariantCulture)), Funder = p.Funder });
        }
        return new InputModel
        {
            ActivePatients = N("active_patients", f.ActivePatients), Consultations = N("consultations", f.Consultations),
            DayHospitalStays = N("day_hospital_stays", f.DayHospitalStays), FullHospitalStays = N("full_hospital_stays", f.FullHospitalStays),
            ExpertOpinions = N("expert_opinions", f.ExpertOpinions), RcpOrganised = N("rcp_organised", f.RcpOrganised),
            RcpAttended = N("rcp_attended", f.RcpAttended), EtpProgrammes = N("etp_programmes", f.EtpProgrammes), PndsWritten = N("pnds_written", f.PndsWritten),
            PndsUpdated = N("pnds_updated", f.PndsUpdated), TeleExpertise = N("tele_expertise", f.TeleExpertise), BndmrEntry = B(f.BndmrEntry),
            SigapsPoints4y = N("sigaps_points_4y", f.SigapsPoints4y), DuDiuCoordinated = N("du_diu_coordinated", f.DuDiuCoordinated),
            OtherTeaching = f.OtherTeaching, AssociationConventions = N("association_conventions", f.AssociationConventions),
            ActionPlanRevised = B(f.ActionPlanRevised), ClaimedException = R("claimed_exception", f.ClaimedException) ?? "", ExceptionJustification = f.ExceptionJustification,
            Publications = publications, ResearchProjects = projects,
        };
    }

    /// <summary>
    /// Reads the form. A figure or a year that is not a number is kept as typed (<see cref="ReportInput.Raw"/>): the draft
    /// is saved with a warning on it. Blank table rows are ignored; only the input bounds refuse the save (in the Core).
    /// </summary>
    private ReportInput Parse(InputModel i, int year)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        int? Int(string field, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var t = text.Trim();
            if (int.TryParse(t.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal),
                NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
            raw[field] = t.Length > ReportRules.MaxRawLength ? t[..ReportRules.MaxRawLength] : t;
            return null;
        }
        static bool? Bool(string? text) => text switch { "true" => true, "false" => false, _ => null };
        static string? Text(string? t) => string.IsNullOrWhiteSpace(t) ? null : t.Trim();
        publicationKeys.Clear();
        var publications = new List<Publication>();
        foreach (var (row, n) in i.Publications.Select((p, n) => (p, n)).Where(x => x.p is { IsBlank: false }))
        {
            publicationKeys.Add(RowKey(row.Key, n));
            var at = "publications[" + (publications.Count + 1).ToString(CultureInfo.InvariantCulture) + "]";
            var y = Int(at + ".year", row.Year) ?? 0;
            publications.Add(new Publication(row.Title?.Trim() ?? "", Text(row.Journal), y, Text(row.Doi), Text(row.Pmid)));
        }
        projectKeys.Clear();
        var projects = new List<ResearchProject>();
        foreach (var (row, n) in i.ResearchProjects.Select((p, n) => (p, n)).Where(x => x.p is { IsBlank: false }))
        {
            projectKeys.Add(RowKey(row.Key, n));
            var at = "research_projects[" + (projects.Count + 1).ToString(CultureInfo.InvariantCulture) + "]";
            var y = Int(at + ".year", row.Year) ?? 0;
            projects.Add(new ResearchProject(row.Title?.Trim() ?? "", y, row.Funder?.Trim() ?? ""));
        }
        _ = year;
        return new ReportInput
        {
            ActivePatients = Int("active_patients", i.ActivePatients), Consultations = Int("consultations", i.Consultations),
            DayHospitalStays = Int("day_hospital_stays", i.DayHospitalStays), FullHospitalStays = Int("full_hospital_stays", i.FullHospitalStays),
            ExpertOpinions = Int("expert_opinions", i.ExpertOpinions), RcpOrganised = Int("rcp_organised", i.RcpOrganised),
            RcpAttended = Int("rcp_attended", i.RcpAttended), EtpProgrammes = Int("etp_programmes", i.EtpProgrammes),
            PndsWritten = Int("pnds_written", i.PndsWritten), PndsUpdated = Int("pnds_updated", i.PndsUpdated),
            TeleExpertise = Int("tele_expertise", i.TeleExpertise), BndmrEntry = Bool(i.BndmrEntry),
            SigapsPoints4y = Int("sigaps_points_4y", i.SigapsPoints4y), DuDiuCoordinated = Int("du_diu_coordinated", i.DuDiuCoordinated),
            OtherTeaching = i.OtherTeaching, AssociationConventions = Int("association_conventions", i.AssociationConventions),
            ActionPlanRevised = Bool(i.ActionPlanRevised), ClaimedException = string.IsNullOrWhiteSpace(i.ClaimedException) ? null : i.ClaimedException,
            ExceptionJustification = i.ExceptionJustification, Publications = publications, ResearchProjects = projects,
            Raw = raw,
        };
    }
}

/// <summary>A list of the report edited as a small table (publications, projects): one row per item, a blank row to add one.</summary>
public sealed record RowsTable(string Id, string List, string FormName, string Noun, string Label, string Hint, int Max,
    IReadOnlyList<RowsColumn> Columns, IReadOnlyList<(string Key, IReadOnlyList<string?> Values)> Rows);

/// <summary>A column of a <see cref="RowsTable"/>: the row's property, its header, the screen-reader label of its inputs.</summary>
public sealed record RowsColumn(string Part, string Header, string? InputMode = null);
