using System.Globalization;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Web.Pages.Rapports;

/// <summary>
/// The annual report form of a site and year: the five missions, declared beside measured activity (gaps over 10 %
/// flagged), autosave (htmx, handler <c>autosave</c>), and the workflow buttons the caller may use.
/// </summary>
public sealed class EditModel(ReportService service) : ReportPageModel(service)
{
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
        public string? Publications { get; set; }
        public string? ResearchProjects { get; set; }
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
    public string? AutosaveMessage { get; private set; }

    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["active_patients"] = "Input.ActivePatients", ["consultations"] = "Input.Consultations", ["day_hospital_stays"] = "Input.DayHospitalStays",
        ["full_hospital_stays"] = "Input.FullHospitalStays", ["expert_opinions"] = "Input.ExpertOpinions", ["rcp_organised"] = "Input.RcpOrganised",
        ["rcp_attended"] = "Input.RcpAttended", ["etp_programmes"] = "Input.EtpProgrammes", ["pnds_written"] = "Input.PndsWritten",
        ["pnds_updated"] = "Input.PndsUpdated", ["tele_expertise"] = "Input.TeleExpertise", ["bndmr_entry"] = "Input.BndmrEntry",
        ["sigaps_points_4y"] = "Input.SigapsPoints4y", ["du_diu_coordinated"] = "Input.DuDiuCoordinated", ["other_teaching"] = "Input.OtherTeaching",
        ["association_conventions"] = "Input.AssociationConventions", ["action_plan_revised"] = "Input.ActionPlanRevised",
        ["claimed_exception"] = "Input.ClaimedException", ["exception_justification"] = "Input.ExceptionJustification",
        ["reason"] = "Reason",
    };

    private static string Key(string field)
    {
        if (Fields.TryGetValue(field, out var k)) return k;
        if (field.StartsWith("publications", StringComparison.Ordinal)) return "Input.Publications";
        if (field.StartsWith("research_projects", StringComparison.Ordinal)) return "Input.ResearchProjects";
        return "";
    }

    public static IEnumerable<SelectListItem> YesNo => [new("Non renseigné", ""), new("Oui", "true"), new("Non", "false")];

    public static IEnumerable<SelectListItem> Exceptions =>
        [new("Aucune", ""), new("Ratio file active / prévalence significatif (site constitutif)", "prevalence_ratio"), new("Maillage territorial spécifique (CRC-MHC)", "territorial_mesh")];

    public bool CanEdit => Report.AllowedActions.Contains("save");

    public async Task<IActionResult> OnGetAsync(string centreId, int year, CancellationToken ct)
    {
        if (await LoadAsync(centreId, year, ct) is { } refused) return refused;
        Input = FromReport(Report);
        Version = Report.Version;
        return Page();
    }

    public Task<IActionResult> OnPostAsync(string centreId, int year, CancellationToken ct) => SaveAsync(centreId, year, autosave: false, ct);

    /// <summary>htmx autosave: saves the draft and answers the status line (or the errors) as an HTML fragment.</summary>
    public Task<IActionResult> OnPostAutosaveAsync(string centreId, int year, CancellationToken ct) => SaveAsync(centreId, year, autosave: true, ct);

    public Task<IActionResult> OnPostSubmitAsync(string centreId, int year, CancellationToken ct) =>
        TransitionAsync(centreId, year, ReportAction.Submit, "Le rapport a été soumis à la direction de l'établissement.", ct);

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
        var input = Parse(Input, year);
        IActionResult? outcome = null;
        if (ModelState.IsValid)
        {
            var result = await Service.SaveAsync(CurrentCaller, centreId, year, input, Version, ct);
            if (autosave && result.Status == Core.Features.Registry.WriteStatus.Ok)
            {
                AutosaveMessage = "Brouillon enregistré automatiquement à " + Service.Today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) + " "
                    + DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + ".";
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

    private async Task<IActionResult> TransitionAsync(string centreId, int year, ReportAction action, string message, CancellationToken ct)
    {
        if (await RefuseWriteAsync(centreId, year, ct) is { } refused) return refused;
        var result = await Service.TransitionAsync(CurrentCaller, centreId, year, action, Reason, Version, ct);
        if (Outcome(result, PathOf(centreId, year), message, f => f == "status" ? "" : Key(f)) is { } done) return done;
        if (await LoadAsync(centreId, year, ct) is { } r) return r;
        Input = FromReport(Report);
        if (Conflict is null) Version = Report.Version;
        return Page();
    }

    private static InputModel FromReport(Api.Reports.ReportDto r)
    {
        var f = r.Fields;
        static string? N(int? v) => v?.ToString(CultureInfo.InvariantCulture);
        static string? B(bool? v) => v is null ? "" : v.Value ? "true" : "false";
        return new InputModel
        {
            ActivePatients = N(f.ActivePatients), Consultations = N(f.Consultations), DayHospitalStays = N(f.DayHospitalStays),
            FullHospitalStays = N(f.FullHospitalStays), ExpertOpinions = N(f.ExpertOpinions), RcpOrganised = N(f.RcpOrganised),
            RcpAttended = N(f.RcpAttended), EtpProgrammes = N(f.EtpProgrammes), PndsWritten = N(f.PndsWritten), PndsUpdated = N(f.PndsUpdated),
            TeleExpertise = N(f.TeleExpertise), BndmrEntry = B(f.BndmrEntry), SigapsPoints4y = N(f.SigapsPoints4y),
            DuDiuCoordinated = N(f.DuDiuCoordinated), OtherTeaching = f.OtherTeaching, AssociationConventions = N(f.AssociationConventions),
            ActionPlanRevised = B(f.ActionPlanRevised), ClaimedException = f.ClaimedException ?? "", ExceptionJustification = f.ExceptionJustification,
            Publications = f.Publications is null ? null : string.Join("\n", f.Publications.Select(p =>
                string.Join(" | ", p.Title, p.Journal ?? "", p.Year.ToString(CultureInfo.InvariantCulture), p.Doi ?? "", p.Pmid ?? ""))),
            ResearchProjects = f.ResearchProjects is null ? null : string.Join("\n", f.ResearchProjects.Select(p =>
                string.Join(" | ", p.Title, p.Year.ToString(CultureInfo.InvariantCulture), p.Funder))),
        };
    }

    /// <summary>Reads the form; a malformed value gets its message next to its field.</summary>
    private ReportInput Parse(InputModel i, int year)
    {
        int? Int(string key, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (int.TryParse(text.Trim().Replace(" ", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return v;
            ModelState.AddModelError(key, $"« {text.Trim()} » n'est pas un nombre entier positif.");
            return null;
        }
        static bool? Bool(string? text) => text switch { "true" => true, "false" => false, _ => null };
        var publications = new List<Publication>();
        var lines = (i.Publications ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var n = 0; n < lines.Length; n++)
        {
            var c = lines[n].Split('|', StringSplitOptions.TrimEntries);
            if (c.Length != 5 || !int.TryParse(c[2], NumberStyles.None, CultureInfo.InvariantCulture, out var py))
            {
                ModelState.AddModelError("Input.Publications", $"Ligne {n + 1} : attendu « Titre | Revue | Année | DOI | PMID » (année en chiffres).");
                continue;
            }
            publications.Add(new Publication(c[0], c[1].Length == 0 ? null : c[1], py, c[3].Length == 0 ? null : c[3], c[4].Length == 0 ? null : c[4]));
        }
        var projects = new List<ResearchProject>();
        lines = (i.ResearchProjects ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var n = 0; n < lines.Length; n++)
        {
            var c = lines[n].Split('|', StringSplitOptions.TrimEntries);
            if (c.Length != 3 || !int.TryParse(c[1], NumberStyles.None, CultureInfo.InvariantCulture, out var py))
            {
                ModelState.AddModelError("Input.ResearchProjects", $"Ligne {n + 1} : attendu « Titre | Année | Financeur » (année en chiffres).");
                continue;
            }
            projects.Add(new ResearchProject(c[0], py, c[2]));
        }
        _ = year;
        return new ReportInput
        {
            ActivePatients = Int("Input.ActivePatients", i.ActivePatients), Consultations = Int("Input.Consultations", i.Consultations),
            DayHospitalStays = Int("Input.DayHospitalStays", i.DayHospitalStays), FullHospitalStays = Int("Input.FullHospitalStays", i.FullHospitalStays),
            ExpertOpinions = Int("Input.ExpertOpinions", i.ExpertOpinions), RcpOrganised = Int("Input.RcpOrganised", i.RcpOrganised),
            RcpAttended = Int("Input.RcpAttended", i.RcpAttended), EtpProgrammes = Int("Input.EtpProgrammes", i.EtpProgrammes),
            PndsWritten = Int("Input.PndsWritten", i.PndsWritten), PndsUpdated = Int("Input.PndsUpdated", i.PndsUpdated),
            TeleExpertise = Int("Input.TeleExpertise", i.TeleExpertise), BndmrEntry = Bool(i.BndmrEntry),
            SigapsPoints4y = Int("Input.SigapsPoints4y", i.SigapsPoints4y), DuDiuCoordinated = Int("Input.DuDiuCoordinated", i.DuDiuCoordinated),
            OtherTeaching = i.OtherTeaching, AssociationConventions = Int("Input.AssociationConventions", i.AssociationConventions),
            ActionPlanRevised = Bool(i.ActionPlanRevised), ClaimedException = string.IsNullOrWhiteSpace(i.ClaimedException) ? null : i.ClaimedException,
            ExceptionJustification = i.ExceptionJustification, Publications = publications, ResearchProjects = projects,
        };
    }
}
