using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Maillage.Core.Features.Reports;

/// <summary>The editable content of a report (form, API body, import row). Null lists leave the stored lists unchanged.</summary>
public sealed record ReportInput
{
    public int? ActivePatients { get; init; }
    public int? Consultations { get; init; }
    public int? DayHospitalStays { get; init; }
    public int? FullHospitalStays { get; init; }
    public int? ExpertOpinions { get; init; }
    public int? RcpOrganised { get; init; }
    public int? RcpAttended { get; init; }
    public int? EtpProgrammes { get; init; }
    public int? PndsWritten { get; init; }
    public int? PndsUpdated { get; init; }
    public int? TeleExpertise { get; init; }
    public bool? BndmrEntry { get; init; }
    public IReadOnlyList<Publication>? Publications { get; init; }
    public IReadOnlyList<ResearchProject>? ResearchProjects { get; init; }
    public int? SigapsPoints4y { get; init; }
    public int? DuDiuCoordinated { get; init; }
    public string? OtherTeaching { get; init; }
    public int? AssociationConventions { get; init; }
    public bool? ActionPlanRevised { get; init; }
    /// <summary>Empty, <c>prevalence_ratio</c> or <c>territorial_mesh</c>.</summary>
    public string? ClaimedException { get; init; }
    public string? ExceptionJustification { get; init; }
    /// <summary>
    /// Text the door could not read into its typed field (a figure « douze », a publication year « 20x4 »), by field path
    /// (<c>active_patients</c>, <c>publications[2].year</c>): the draft keeps it as typed, with a warning.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Raw { get; init; }

    public static ReportInput From(AnnualReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new()
        {
            ActivePatients = r.ActivePatients, Consultations = r.Consultations, DayHospitalStays = r.DayHospitalStays,
            FullHospitalStays = r.FullHospitalStays, ExpertOpinions = r.ExpertOpinions, RcpOrganised = r.RcpOrganised,
            RcpAttended = r.RcpAttended, EtpProgrammes = r.EtpProgrammes, PndsWritten = r.PndsWritten, PndsUpdated = r.PndsUpdated,
            TeleExpertise = r.TeleExpertise, BndmrEntry = r.BndmrEntry, Publications = ReportJson.Publications(r),
            ResearchProjects = ReportJson.Projects(r), SigapsPoints4y = r.SigapsPoints4y, DuDiuCoordinated = r.DuDiuCoordinated,
            OtherTeaching = r.OtherTeaching, AssociationConventions = r.AssociationConventions, ActionPlanRevised = r.ActionPlanRevised,
            ClaimedException = r.ClaimedException, ExceptionJustification = r.ExceptionJustification,
        };
    }
}

/// <summary>Reads and writes the JSON list columns.</summary>
public static class ReportJson
{
    /// <summary>
    /// The reports' lists and findings, with their metadata generated at build time (<see cref="ReportJsonContext"/>):
    /// re-evaluating a year's 2,485 reports read and wrote them through reflection, about 0.25 s of a million-row import
    /// (the metadata built at first use). Other types fall back to reflection, with the same options.
    /// </summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            ReportJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    public static IReadOnlyList<Publication>? Publications(AnnualReport r) =>
        r?.PublicationsJson is null ? null : JsonSerializer.Deserialize<List<Publication>>(r.PublicationsJson, Options);

    public static IReadOnlyList<ResearchProject>? Projects(AnnualReport r) =>
        r?.ResearchProjectsJson is null ? null : JsonSerializer.Deserialize<List<ResearchProject>>(r.ResearchProjectsJson, Options);

    public static IReadOnlyList<StoredFinding> Findings(AnnualReport r) =>
        r?.FindingsJson is null ? [] : JsonSerializer.Deserialize<List<StoredFinding>>(r.FindingsJson, Options) ?? [];

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Parses a JSON list (CSV/XLSX cell); a syntax error throws <see cref="JsonException"/>.</summary>
    public static List<T> Read<T>(string json) => JsonSerializer.Deserialize<List<T>>(json, Options) ?? [];
}

/// <summary>Build-time JSON metadata of what a report stores as JSON (<see cref="ReportJson"/>).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<Publication>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<ResearchProject>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<StoredFinding>))]
internal sealed partial class ReportJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>A report's calendar (<see cref="ReportService.CalendarOf"/>).</summary>
public sealed record ReportCalendarView(DateOnly DataEntryCutoff, DateOnly WindowOpens, DateOnly Deadline, bool DeadlinePassed, bool SubmittedLate, IReadOnlyList<string> Warnings);

/// <summary>What the registry says about a report's site: kind, field, establishment, head (as of 31 December of the year).
/// <see cref="MeasuredActivePatients"/>: the file active measured by the activity extracts for the centre and year
/// (null when none was imported): the compliance verdict uses it to verify the declared one.</summary>
public sealed record ReportSite(Centre Centre, SiteKind Kind, ClinicalField? Field, string LegalEntity, string? RegionCode, IReadOnlyList<string> Filieres, Person? Head,
    int? MeasuredActivePatients = null);

/// <summary>
/// Annual reports: read (scoped), save, workflow transitions, exception decisions, and the stored compliance
/// evaluation. Every write is authorised against the report's site (fails closed), checked by
/// <see cref="ReportWorkflow"/>, saved with its evaluation and audited by the interceptor.
/// </summary>
public sealed class ReportService(MaillageDbContext db, AccessPolicy access, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    /// <summary>The capacity in which <paramref name="caller"/> acts on a report of <paramref name="site"/>.</summary>
    public static ReportActor ActorFor(Caller caller, ReportSite site)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(site);
        if (!caller.IsAuthenticated) return ReportActor.None;
        return caller.Role switch
        {
            UserRole.NationalAdmin => ReportActor.Ministry,
            UserRole.CentreHead when string.Equals(caller.ScopeId, site.Centre.Id, StringComparison.Ordinal) => ReportActor.CentreHead,
            UserRole.Establishment when string.Equals(caller.ScopeId, site.LegalEntity, StringComparison.Ordinal) => ReportActor.Establishment,
            _ => ReportActor.None,
        };
    }

    /// <summary>
    /// Who may read a report: the ministry, the centre head and the establishment direction at every status; the
    /// regional agency of the site's region and the coordinator of one of its filières once it is transmitted.
    /// </summary>
    public static bool CanRead(Caller caller, ReportSite site, ReportStatus status)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(site);
        if (ActorFor(caller, site) != ReportActor.None) return true;
        if (status != ReportStatus.Transmitted || string.IsNullOrEmpty(caller.ScopeId)) return false;
        return caller.Role switch
        {
            UserRole.RegionalAgency => string.Equals(site.RegionCode, caller.ScopeId, StringComparison.Ordinal),
            UserRole.FiliereCoordinator => site.Filieres.Contains(caller.ScopeId, StringComparer.Ordinal),
            _ => false,
        };
    }

    public async Task<ReportSite?> SiteAsync(string centreId, int year, CancellationToken ct)
    {
        if (!Infrastructure.Validation.InputRanges.IsYear(year)) return null; // a year no campaign can cover (e.g. 99999): unknown, not a date error
        var centre = await db.Centres.AsNoTracking().Include(c => c.Attachments).Include(c => c.Network)
            .Include(c => c.Establishment).ThenInclude(e => e!.Departement).FirstOrDefaultAsync(c => c.Id == centreId, ct);
        if (centre is null) return null;
        var scope = new ObjectScope();
        await access.AddCentreAsync(scope, centre, ct);
        var end = new DateOnly(year, 12, 31);
        var mandate = await db.Mandates.AsNoTracking().Include(m => m.Person)
            .Where(m => m.CentreId == centreId && m.Role == MandateRole.CentreHead && m.From <= end)
            .OrderByDescending(m => m.From).FirstOrDefaultAsync(ct);
        var measured = await db.ActivityIndicators.AsNoTracking().Where(a => a.CentreId == centreId && a.Year == year)
            .Select(a => (int?)a.ActivePatients).FirstOrDefaultAsync(ct);
        return SiteOf(centre, scope, mandate?.Person, measured);
    }

    /// <summary>A report's site from its centre (with attachments, network and establishment loaded), scope, head and measured figure.</summary>
    private static ReportSite SiteOf(Centre centre, ObjectScope scope, Person? head, int? measured)
    {
        var kind = KindOf(centre);
        ClinicalField? field = kind.IsCrmr() && centre.Network is { } n ? Enum.Parse<ClinicalField>(n.Field.ToString()) : null;
        return new ReportSite(centre, kind, field, scope.LegalEntities.FirstOrDefault() ?? centre.EstablishmentFiness,
            centre.Establishment?.Departement?.RegionCode, scope.Filieres.Order(StringComparer.Ordinal).ToList(), head, measured);
    }

    /// <summary>
    /// The bulk form of <see cref="SiteAsync"/> for many (centre, year) pairs, with the measured file active given: the
    /// centres with their attachments, network and establishment, their scopes (<see cref="AccessPolicy.CentreScopesAsync"/>)
    /// and the centre heads' mandates, each read once for all pairs. Unknown centres and years outside the range are left out.
    /// </summary>
    private async Task<Dictionary<(string CentreId, int Year), ReportSite>> SitesAsync(IReadOnlyCollection<(string CentreId, int Year)> pairs,
        IReadOnlyDictionary<(string CentreId, int Year), int> measured, CancellationToken ct)
    {
        var result = new Dictionary<(string, int), ReportSite>();
        var valid = pairs.Where(p => Infrastructure.Validation.InputRanges.IsYear(p.Year)).ToList();
        if (valid.Count == 0) return result;
        var ids = valid.Select(p => p.CentreId).Distinct(StringComparer.Ordinal).ToList();
        var centres = await db.Centres.AsNoTracking().Include(c => c.Attachments).Include(c => c.Network)
            .Include(c => c.Establishment).ThenInclude(e => e!.Departement).Where(c => ids.Contains(c.Id)).AsSplitQuery()
            .ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, ct);
        var scopes = await AccessPolicy.CentreScopesAsync(db, ids, ct);
        var mandates = (await db.Mandates.AsNoTracking().Include(m => m.Person)
                .Where(m => m.CentreId != null && ids.Contains(m.CentreId) && m.Role == MandateRole.CentreHead).ToListAsync(ct))
            .ToLookup(m => m.CentreId!, StringComparer.Ordinal);
        foreach (var (centreId, year) in valid)
        {
            if (!centres.TryGetValue(centreId, out var centre)) continue;
            var scope = scopes.GetValueOrDefault(centreId) ?? new ObjectScope();
            var end = new DateOnly(year, 12, 31);
            var mandate = mandates[centreId].Where(m => m.From <= end).OrderByDescending(m => m.From).FirstOrDefault();
            int? figure = measured.TryGetValue((centreId, year), out var m) ? m : null;
            result[(centreId, year)] = SiteOf(centre, scope, mandate?.Person, figure);
        }
        return result;
    }

    public static SiteKind KindOf(Centre c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return RegistryKinds.SiteKindOf(c.Kind, c.Role, c.ResourceKind);
    }

    /// <summary>The stored report, or a new unsaved draft pre-filled from the measured activity (null when the centre or the campaign is unknown).</summary>
    public async Task<(AnnualReport Report, bool Stored)?> LoadOrNewAsync(string centreId, int year, CancellationToken ct)
    {
        var stored = await db.AnnualReports.AsNoTracking().FirstOrDefaultAsync(r => r.CentreId == centreId && r.Year == year, ct);
        if (stored is not null) return (stored, true);
        var campaign = CampaignCatalogue.Shipped.ForYear(year);
        if (campaign is null) return null;
        var draft = new AnnualReport { CentreId = centreId, Year = year, Campaign = campaign.CampaignId, Status = ReportStatus.Draft, UpdatedBy = "" };
        var measured = await db.ActivityIndicators.AsNoTracking().FirstOrDefaultAsync(a => a.CentreId == centreId && a.Year == year, ct);
        if (measured is not null)
        {
            draft.ActivePatients = measured.ActivePatients;
            draft.Consultations = measured.Consultations;
            draft.DayHospitalStays = measured.DayHospitalStays;
            draft.FullHospitalStays = measured.FullHospitalStays;
            draft.ExpertOpinions = measured.BedsideOpinions + measured.FileOpinions;
            draft.RcpOrganised = measured.RcpOrganised;
            draft.RcpAttended = measured.RcpNational;
        }
        return (draft, false);
    }

    /// <summary>Declared vs measured for the seven activity fields (measured null when no extract covers the centre and year).</summary>
    public async Task<IReadOnlyList<ActivityComparison>> CompareAsync(AnnualReport r, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var m = await db.ActivityIndicators.AsNoTracking().FirstOrDefaultAsync(a => a.CentreId == r.CentreId && a.Year == r.Year, ct);
        return Compare(r, m);
    }

    public static IReadOnlyList<ActivityComparison> Compare(AnnualReport r, Activity.ActivityIndicatorRecord? m)
    {
        ArgumentNullException.ThrowIfNull(r);
        return
        [
            new("active_patients", "File active", r.ActivePatients, m?.ActivePatients),
            new("consultations", "Consultations", r.Consultations, m?.Consultations),
            new("day_hospital_stays", "Séjours en hôpital de jour", r.DayHospitalStays, m?.DayHospitalStays),
            new("full_hospital_stays", "Séjours en hospitalisation complète", r.FullHospitalStays, m?.FullHospitalStays),
            new("expert_opinions", "Avis d'expert", r.ExpertOpinions, m is null ? null : m.BedsideOpinions + m.FileOpinions),
            new("rcp_organised", "RCP organisées", r.RcpOrganised, m?.RcpOrganised),
            new("rcp_attended", "RCP nationales suivies", r.RcpAttended, m?.RcpNational),
        ];
    }

    public static IReadOnlyList<ReportFieldError> Validate(ReportInput input, int year)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ReportFieldError>();
        foreach (var (field, value) in new (string, int?)[]
        {
            ("active_patients", input.ActivePatients), ("consultations", input.Consultations), ("day_hospital_stays", input.DayHospitalStays),
            ("full_hospital_stays", input.FullHospitalStays), ("expert_opinions", input.ExpertOpinions), ("rcp_organised", input.RcpOrganised),
            ("rcp_attended", input.RcpAttended), ("etp_programmes", input.EtpProgrammes), ("pnds_written", input.PndsWritten),
            ("pnds_updated", input.PndsUpdated), ("tele_expertise", input.TeleExpertise), ("sigaps_points_4y", input.SigapsPoints4y),
            ("du_diu_coordinated", input.DuDiuCoordinated), ("association_conventions", input.AssociationConventions),
        })
        {
            if (ReportRules.ValidateCount(field, value) is { } e) errors.Add(e);
        }
        if (input.Publications is not null) errors.AddRange(ReportRules.ValidatePublications(input.Publications, year));
        if (input.ResearchProjects is not null) errors.AddRange(ReportRules.ValidateProjects(input.ResearchProjects, year));
        if (!string.IsNullOrWhiteSpace(input.ClaimedException))
        {
            if (!Codes.TryParseException(input.ClaimedException.Trim(), out _))
                errors.Add(new("claimed_exception", $"Exception « {input.ClaimedException} » inconnue (valeurs admises : {string.Join(", ", Codes.AllExceptionCodes)})."));
            else if (string.IsNullOrWhiteSpace(input.ExceptionJustification))
                errors.Add(new("exception_justification", "Une exception demandée doit être justifiée (ratio file active / prévalence, maillage territorial)."));
        }
        return errors;
    }

    private static WriteResult Refused(ReportDecision d, string field = "status") =>
        d.Forbidden ? WriteResult.Forbidden with { Errors = [new RuleViolation("R-REPORT-WORKFLOW", "annual_report", "", field, d.Refusal!)] }
            : WriteResult.Invalid([new RuleViolation("R-REPORT-WORKFLOW", "annual_report", "", field, d.Refusal!)]);

    private static WriteResult Invalid(IEnumerable<ReportFieldError> errors) =>
        WriteResult.Invalid(errors.Select(e => new RuleViolation("R-REPORT-FIELD", "annual_report", "", e.Field, e.Message)).ToList());

    /// <summary>Saves the content of a draft (creating it when needed) and re-evaluates its compliance.</summary>
    public Task<WriteResult> SaveAsync(Caller caller, string centreId, int year, ReportInput input, CancellationToken ct = default) =>
        SaveAsync(caller, centreId, year, input, null, ct);

    /// <param name="expectedVersion">The version the caller read (If-Match, the page's hidden field; 0 for a report not yet
    /// saved); null accepts any. A stale version is refused with who changed the report and when.</param>
    public async Task<WriteResult> SaveAsync(Caller caller, string centreId, int year, ReportInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ctx = await PrepareAsync(caller, centreId, year, ct);
        if (ctx.Result is { } early) return early;
        var (site, report, isNew) = (ctx.Site!, ctx.Report!, ctx.IsNew);
        // A user does not conflict with himself: his own autosave landing just before his "save" is not someone else's
        // change (the page's version may lag one autosave behind). Another user's change in between is refused.
        if (!Versioning.Expect(db, report, expectedVersion)
            && !(!isNew && string.Equals(report.UpdatedBy, caller.UserName, StringComparison.Ordinal)))
            return await StaleAsync(centreId, year, ct);
        var actor = ActorFor(caller, site);
        var decision = ReportWorkflow.Decide(report.Status, ReportAction.Save, actor, ContextFor(report, null));
        if (!decision.Allowed) return Refused(decision);
        // A draft forgives: what is valid is stored, what is invalid is kept as typed with a warning (ReportDraft); only the
        // input bounds refuse the save. The submission is strict (TransitionAsync).
        var refused = ApplyDraft(report, input);
        if (refused.Count > 0) return Invalid(refused);
        Stamp(report, caller);
        Evaluate(report, site);
        if (isNew) db.AnnualReports.Add(report);
        return await SaveOrStaleAsync(report, ct);
    }

    /// <summary>Applies a workflow action (submit, return, validate, transmit, reopen) and re-evaluates.</summary>
    public Task<WriteResult> TransitionAsync(Caller caller, string centreId, int year, ReportAction action, string? reason, CancellationToken ct = default) =>
        TransitionAsync(caller, centreId, year, action, reason, null, ct);

    /// <param name="expectedVersion">The version the caller read; null accepts any.</param>
    public async Task<WriteResult> TransitionAsync(Caller caller, string centreId, int year, ReportAction action, string? reason, int? expectedVersion,
        CancellationToken ct = default)
    {
        if (action == ReportAction.Save) throw new ArgumentOutOfRangeException(nameof(action));
        var ctx = await PrepareAsync(caller, centreId, year, ct);
        if (ctx.Result is { } early) return early;
        var (site, report) = (ctx.Site!, ctx.Report!);
        if (!Versioning.Expect(db, report, expectedVersion)) return await StaleAsync(centreId, year, ct);
        if (ctx.IsNew)
            return WriteResult.Invalid([new RuleViolation("R-REPORT-WORKFLOW", "annual_report", "", "status", "Ce rapport n'a pas encore été enregistré : enregistrez le brouillon d'abord.")]);
        var decision = ReportWorkflow.Decide(report.Status, action, ActorFor(caller, site), ContextFor(report, reason));
        if (!decision.Allowed) return Refused(decision, action is ReportAction.Reopen or ReportAction.Return ? "reason" : "status");
        if (action == ReportAction.Submit && ReportDraft.ChecklistOf(report) is { Complete: false } checklist)
            return WriteResult.Invalid(checklist.Items.Where(i => i.State != ChecklistState.Complete)
                .Select(i => new RuleViolation(IncompleteRule, "annual_report", "", i.Field, i.Label + " : " + i.Message)).ToList());
        var now = clock.GetUtcNow();
        report.Status = decision.Status;
        switch (action)
        {
            case ReportAction.Submit: report.SubmittedBy = caller.UserName; report.SubmittedAt = now; break;
            case ReportAction.Validate: report.ValidatedBy = caller.UserName; report.ValidatedAt = now; break;
            case ReportAction.Transmit: report.TransmittedBy = caller.UserName; report.TransmittedAt = now; break;
            case ReportAction.Reopen: report.ReopenedBy = caller.UserName; report.ReopenedAt = now; report.LastReason = reason!.Trim(); break;
            case ReportAction.Return: report.LastReason = reason!.Trim(); break;
        }
        Stamp(report, caller);
        Evaluate(report, site);
        return await SaveOrStaleAsync(report, ct);
    }

    /// <summary>The rule of a submission refused because the checklist is not complete (the API adds the checklist to its 422).</summary>
    public const string IncompleteRule = "R-REPORT-INCOMPLETE";

    /// <summary>A read of one report as the caller may see it: the report, its site and whether it is stored; or why not.</summary>
    public sealed record ReadOutcome(WriteStatus Status, AnnualReport? Report, ReportSite? Site, bool Stored);

    /// <summary>The report as <paramref name="caller"/> may read it (the same rule as the page and the API): Forbidden, NotFound or Ok.</summary>
    public async Task<ReadOutcome> ReadAsync(Caller caller, string centreId, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return new(WriteStatus.Forbidden, null, null, false);
        var site = await SiteAsync(centreId, year, ct);
        if (site is null) return new(WriteStatus.NotFound, null, null, false);
        var loaded = await LoadOrNewAsync(centreId, year, ct);
        if (loaded is null) return new(WriteStatus.NotFound, null, null, false);
        var (report, stored) = loaded.Value;
        if (!CanRead(caller, site, report.Status)) return new(WriteStatus.Forbidden, null, null, false);
        if (!stored) Evaluate(report, site);
        return new(WriteStatus.Ok, report, site, stored);
    }

    /// <summary>The completeness checklist of a report the caller may read (null with the status when not).</summary>
    public async Task<(WriteStatus Status, ReportChecklist? Checklist)> ChecklistAsync(Caller caller, string centreId, int year, CancellationToken ct = default)
    {
        var read = await ReadAsync(caller, centreId, year, ct);
        return read.Status == WriteStatus.Ok ? (WriteStatus.Ok, ReportDraft.ChecklistOf(read.Report!)) : (read.Status, null);
    }

    /// <summary>The report as a PDF (<see cref="ReportPdf"/>) for a caller who may read it, with its file name.</summary>
    public async Task<(WriteStatus Status, byte[]? Pdf, string? FileName)> PdfAsync(Caller caller, string centreId, int year, CancellationToken ct = default)
    {
        var read = await ReadAsync(caller, centreId, year, ct);
        if (read.Status != WriteStatus.Ok) return (read.Status, null, null);
        var pdf = ReportPdf.Build(read.Report!, read.Site!, read.Stored, CalendarOf(read.Report!));
        return (WriteStatus.Ok, pdf, ReportPdf.FileName(centreId, year));
    }

    /// <summary>
    /// Accepts (or withdraws the acceptance of) the exception the site claims. Reserved to the national administrator
    /// (the ministry regulates the labels); allowed at any status, since it decides on the compliance, not the content.
    /// </summary>
    public async Task<WriteResult> DecideExceptionAsync(Caller caller, string centreId, int year, bool accept, string? note, CancellationToken ct = default)
    {
        var ctx = await PrepareAsync(caller, centreId, year, ct);
        if (ctx.Result is { } early) return early;
        var (site, report) = (ctx.Site!, ctx.Report!);
        if (ActorFor(caller, site) != ReportActor.Ministry)
            return WriteResult.Forbidden with { Errors = [new RuleViolation("R-REPORT-EXCEPTION", "annual_report", "", "exception", "Seul le ministère (administration nationale) peut accepter une exception.")] };
        if (ctx.IsNew || string.IsNullOrEmpty(report.ClaimedException))
            return WriteResult.Invalid([new RuleViolation("R-REPORT-EXCEPTION", "annual_report", "", "claimed_exception", "Le site ne demande aucune exception pour cette année.")]);
        if (accept && string.IsNullOrWhiteSpace(note))
            return WriteResult.Invalid([new RuleViolation("R-REPORT-EXCEPTION", "annual_report", "", "note", "Le texte de la décision (motif d'acceptation) est obligatoire.")]);
        report.ExceptionAcceptedBy = accept ? caller.UserName : null;
        report.ExceptionAcceptedAt = accept ? clock.GetUtcNow() : null;
        report.ExceptionDecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        Evaluate(report, site);
        return await SaveOrStaleAsync(report, ct);
    }

    /// <summary>
    /// Saves; a concurrent write between our read and our save (the version's UPDATE matched nothing, or a report created
    /// meanwhile) is refused as stale, never a 500 nor a silent overwrite.
    /// </summary>
    private async Task<WriteResult> SaveOrStaleAsync(AnnualReport report, CancellationToken ct)
    {
        var (centreId, year) = (report.CentreId, report.Year);
        try
        {
            await db.SaveChangesAsync(ct);
            // The new version, for the page's hidden field (the API reads it back as the ETag).
            return WriteResult.Ok with { CurrentVersion = report.Version };
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.AnnualReports.AnyAsync(r => r.CentreId == centreId && r.Year == year, ct)) throw;
            return await StaleAsync(centreId, year, ct);
        }
    }

    private async Task<WriteResult> StaleAsync(string centreId, int year, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await new Versions(db, clock).StaleAsync("annual_report", ReportKeys.Of(centreId, year), ct);
    }

    private sealed record Prepared(WriteResult? Result, ReportSite? Site, AnnualReport? Report, bool IsNew);

    private async Task<Prepared> PrepareAsync(Caller caller, string centreId, int year, CancellationToken ct)
    {
        if (!caller.IsAuthenticated) return new(WriteResult.Forbidden, null, null, false);
        var site = await SiteAsync(centreId, year, ct);
        if (site is null) return new(WriteResult.NotFound, null, null, false);
        if (ActorFor(caller, site) == ReportActor.None) return new(WriteResult.Forbidden, null, null, false);
        var report = await db.AnnualReports.FirstOrDefaultAsync(r => r.CentreId == centreId && r.Year == year, ct);
        if (report is not null) return new(null, site, report, false);
        var campaign = CampaignCatalogue.Shipped.ForYear(year);
        if (campaign is null)
            return new(WriteResult.Invalid([new RuleViolation("R-REPORT-YEAR", "annual_report", "", "year", $"Aucune campagne de labellisation ne couvre l'année {year}.")]), null, null, false);
        var fresh = (await LoadOrNewAsync(centreId, year, ct))!.Value.Report;
        return new(null, site, fresh, true);
    }

    private ReportContext ContextFor(AnnualReport report, string? reason)
    {
        var campaign = CampaignCatalogue.Shipped.ForYear(report.Year) ?? throw new InvalidOperationException($"Aucune campagne pour {report.Year}.");
        return new ReportContext(Today, campaign.Reporting.Deadline(report.Year), report.ReopenedAt is not null, reason);
    }

    /// <summary>The deadline of a year's reports: the last day of the reporting window (null when no campaign covers it).</summary>
    public static DateOnly? DeadlineOf(int year) => CampaignCatalogue.Shipped.ForYear(year)?.Reporting.Deadline(year);

    /// <summary>
    /// A report's calendar as the page and the API show it: the BaMaRa data-entry cutoff of its year's data, the reporting
    /// window, whether it was submitted late (after the window's last day, not reopened by the ministry), and the warnings.
    /// </summary>
    public ReportCalendarView CalendarOf(AnnualReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var calendar = (CampaignCatalogue.Shipped.ForYear(report.Year) ?? throw new InvalidOperationException($"Aucune campagne pour {report.Year}.")).Reporting;
        var deadline = calendar.Deadline(report.Year);
        DateOnly? submittedOn = report.SubmittedAt is { } at ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, clock.LocalTimeZone).DateTime) : null;
        var reopened = report.ReopenedAt is not null;
        var warnings = ReportWorkflow.Warnings(report.Status, Today, deadline, submittedOn, reopened);
        var late = report.Status != ReportStatus.Draft && !reopened && submittedOn is { } on && on > deadline;
        return new ReportCalendarView(calendar.DataEntryCutoffOf(report.Year), calendar.WindowOpensOf(report.Year), deadline, Today > deadline, late, warnings);
    }

    private void Stamp(AnnualReport report, Caller caller)
    {
        report.UpdatedAt = clock.GetUtcNow();
        report.UpdatedBy = caller.UserName ?? "?";
    }

    /// <summary>
    /// A draft's save on the report: the valid values into their columns, the invalid ones kept as typed
    /// (<see cref="AnnualReport.DraftRawJson"/>); nothing changes and the refusals are returned when an input bound is
    /// exceeded (<see cref="ReportDraft.Split"/>).
    /// </summary>
    public static IReadOnlyList<ReportFieldError> ApplyDraft(AnnualReport r, ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(input);
        var split = ReportDraft.Split(input, r.Year);
        if (split.Refused.Count > 0) return split.Refused;
        Apply(r, split.Clean);
        r.DraftRawJson = ReportDraft.Merge(r.DraftRawJson, split.Clean, split.Raw);
        return [];
    }

    public static void Apply(AnnualReport r, ReportInput i)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(i);
        r.ActivePatients = i.ActivePatients; r.Consultations = i.Consultations; r.DayHospitalStays = i.DayHospitalStays;
        r.FullHospitalStays = i.FullHospitalStays; r.ExpertOpinions = i.ExpertOpinions; r.RcpOrganised = i.RcpOrganised;
        r.RcpAttended = i.RcpAttended; r.EtpProgrammes = i.EtpProgrammes; r.PndsWritten = i.PndsWritten; r.PndsUpdated = i.PndsUpdated;
        r.TeleExpertise = i.TeleExpertise; r.BndmrEntry = i.BndmrEntry; r.SigapsPoints4y = i.SigapsPoints4y;
        r.DuDiuCoordinated = i.DuDiuCoordinated; r.OtherTeaching = Trim(i.OtherTeaching);
        r.AssociationConventions = i.AssociationConventions; r.ActionPlanRevised = i.ActionPlanRevised;
        if (i.Publications is not null) r.PublicationsJson = ReportJson.Write(i.Publications.Select(Clean).ToList());
        if (i.ResearchProjects is not null) r.ResearchProjectsJson = ReportJson.Write(i.ResearchProjects.Select(p => p with { Title = p.Title.Trim(), Funder = p.Funder.Trim() }).ToList());
        var claimed = Trim(i.ClaimedException);
        if (!string.Equals(claimed, r.ClaimedException, StringComparison.Ordinal) || !string.Equals(Trim(i.ExceptionJustification), r.ExceptionJustification, StringComparison.Ordinal))
        {
            // A changed claim needs a new decision.
            r.ExceptionAcceptedBy = null;
            r.ExceptionAcceptedAt = null;
            r.ExceptionDecisionNote = null;
        }
        r.ClaimedException = claimed;
        r.ExceptionJustification = claimed is null ? null : Trim(i.ExceptionJustification);
    }

    private static Publication Clean(Publication p) => p with
    {
        Title = p.Title.Trim(), Journal = Trim(p.Journal), Doi = Trim(p.Doi)?.ToLowerInvariant(), Pmid = Trim(p.Pmid),
    };

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>
    /// The engine's input for a report: the report's figures (with the BNDMR entry the report declares), the registry's
    /// kind, field and head, the accepted exception, and the file active measured by the activity extracts when one
    /// covers the centre and year (it verifies the declared one: criterion <c>verified_active_patients</c>).
    /// </summary>
    public static SiteReport ToSiteReport(AnnualReport r, ReportSite site)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(site);
        var projects = ReportJson.Projects(r);
        ExceptionCode? exception = r.ExceptionAcceptedAt is not null && r.ClaimedException is { } c && Codes.TryParseException(c, out var code) ? code : null;
        return new SiteReport(r.CentreId, site.Kind, site.Field, r.Year, r.ActivePatients, r.Consultations, r.DayHospitalStays,
            projects is null ? null : ReportRules.FundedPiProjects5y(projects, r.Year),
            site.Head?.Status, site.Head?.BirthDate, site.Head?.ClinicalActivity, exception, r.BndmrEntry, site.MeasuredActivePatients);
    }

    /// <summary>
    /// Re-evaluates the stored reports of these (centre, year) pairs against the file active measured now: an activity
    /// import has just replaced the measured figures, and the criterion <c>verified_active_patients</c> compares them with the
    /// declared ones. Only the derived verdict, findings and evaluation time change, written in place: the report's version
    /// and audit trail are untouched (nobody changed the report, and a form open on it must not go stale). Runs in the
    /// caller's transaction when there is one (the import's: the new verdicts commit with the new figures, or neither).
    /// Returns the number of reports whose verdict or findings changed.
    /// </summary>
    public async Task<int> RefreshMeasuredVerdictsAsync(IReadOnlyCollection<(string CentreId, int Year)> pairs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) return 0;
        var wanted = pairs.ToHashSet();
        var years = wanted.Select(p => p.Year).Distinct().ToList();
        var centres = wanted.Select(p => p.CentreId).Distinct().ToList();
        var reports = await db.AnnualReports.AsNoTracking().Where(r => years.Contains(r.Year) && centres.Contains(r.CentreId)).ToListAsync(ct);
        var measured = (await db.ActivityIndicators.AsNoTracking().Where(a => years.Contains(a.Year) && centres.Contains(a.CentreId))
            .Select(a => new { a.CentreId, a.Year, a.ActivePatients }).ToListAsync(ct)).ToDictionary(a => (a.CentreId, a.Year), a => a.ActivePatients);
        var toEvaluate = ToReEvaluate(reports, wanted, measured);
        // The sites of the reports to evaluate in a few queries (a national file covers every centre: one SiteAsync per
        // report cost about four queries each, most of the import's time).
        var sites = await SitesAsync(toEvaluate.Select(r => (r.CentreId, r.Year)).ToList(), measured, ct);
        return await WriteChangedVerdictsAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(),
            toEvaluate, sites, clock, ct);
    }

    /// <summary>
    /// <see cref="RefreshMeasuredVerdictsAsync(IReadOnlyCollection{ValueTuple{string, int}}, CancellationToken)"/> in plain
    /// SQL on a connection without an EF context (the CLI's activity import, ADR 0012: building the context there cost
    /// about 1.7 s, then the queries' compilation). It reads only what the compliance engine uses — the reports' figures,
    /// projects, exception and stored findings; the centre's kind, role, resource kind and network field; the centre head's
    /// status, birth date and clinical activity as of 31 December; the measured file active — and takes the same decisions
    /// (<see cref="ToReEvaluate"/>, <see cref="Evaluate(AnnualReport, ReportSite, TimeProvider)"/>, one prepared UPDATE).
    /// The sites it builds carry nothing else (no legal entity, region or filières: the engine does not read them) and
    /// never leave this method. Tests compare it with the context's version on both databases.
    /// </summary>
    public static async Task<int> RefreshMeasuredVerdictsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        IReadOnlyCollection<(string CentreId, int Year)> pairs, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(clock);
        if (pairs.Count == 0) return 0;
        var wanted = pairs.ToHashSet();
        var reports = new List<AnnualReport>();
        var measured = new Dictionary<(string CentreId, int Year), int>();
        foreach (var year in wanted.Select(p => p.Year).Distinct().Order())
        {
            await ReadAsync(connection, transaction, "SELECT \"CentreId\", \"Year\", \"ActivePatients\", \"Consultations\", \"DayHospitalStays\", " +
                "\"ResearchProjectsJson\", \"ClaimedException\", \"ExceptionAcceptedAt\", \"BndmrEntry\", \"Verdict\", \"FindingsJson\" " +
                "FROM annual_reports WHERE \"Year\" = @y", year, r =>
            {
                var report = new AnnualReport
                {
                    CentreId = r.GetString(0), Year = Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                    Campaign = "", UpdatedBy = "",
                    ActivePatients = IntOrNull(r, 2), Consultations = IntOrNull(r, 3), DayHospitalStays = IntOrNull(r, 4),
                    ResearchProjectsJson = r.IsDBNull(5) ? null : r.GetString(5),
                    ClaimedException = r.IsDBNull(6) ? null : r.GetString(6),
                    // Only its presence counts (an accepted exception); its value is not read.
                    ExceptionAcceptedAt = r.IsDBNull(7) ? null : DateTimeOffset.UnixEpoch,
                    BndmrEntry = r.IsDBNull(8) ? null : r.GetBoolean(8),
                    Verdict = r.IsDBNull(9) ? null : r.GetString(9),
                    FindingsJson = r.IsDBNull(10) ? null : r.GetString(10),
                };
                if (wanted.Contains((report.CentreId, report.Year))) reports.Add(report);
            }, ct);
            await ReadAsync(connection, transaction, "SELECT \"CentreId\", \"ActivePatients\" FROM activity_indicators WHERE \"Year\" = @y", year,
                r => measured[(r.GetString(0), year)] = Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), ct);
        }
        var toEvaluate = ToReEvaluate(reports, wanted, measured);
        if (toEvaluate.Count == 0) return 0;

        var ids = toEvaluate.Select(r => r.CentreId).ToHashSet(StringComparer.Ordinal);
        var centres = new Dictionary<string, Centre>(StringComparer.Ordinal);
        await ReadAsync(connection, transaction, "SELECT c.\"Id\", c.\"Kind\", c.\"Role\", c.\"ResourceKind\", n.\"Field\" FROM centres c " +
            "LEFT JOIN networks n ON n.\"Id\" = c.\"NetworkId\"", null, r =>
        {
            var id = r.GetString(0);
            if (!ids.Contains(id)) return;
            centres[id] = new Centre
            {
                Id = id, Name = "", EstablishmentFiness = "",
                Kind = Enum.Parse<CentreKind>(r.GetString(1)),
                Role = r.IsDBNull(2) ? null : Enum.Parse<SiteRole>(r.GetString(2)),
                ResourceKind = r.IsDBNull(3) ? null : Enum.Parse<ResourceCentreKind>(r.GetString(3)),
                Network = r.IsDBNull(4) ? null : new Network { Id = "", Name = "", FiliereAcronym = "", Field = Enum.Parse<ThresholdField>(r.GetString(4)) },
            };
        }, ct);
        var heads = new List<(string CentreId, DateOnly From, Person Person)>();
        await ReadAsync(connection, transaction, "SELECT m.\"CentreId\", m.\"From\", p.\"Status\", p.\"BirthDate\", p.\"ClinicalActivity\" FROM mandates m " +
            "JOIN people p ON p.\"Id\" = m.\"PersonId\" WHERE m.\"Role\" = '" + nameof(MandateRole.CentreHead) + "' AND m.\"CentreId\" IS NOT NULL", null, r =>
        {
            var id = r.GetString(0);
            if (!ids.Contains(id)) return;
            heads.Add((id, AsDate(r.GetValue(1)), new Person
            {
                Id = "", FirstName = "", LastName = "",
                Status = Enum.Parse<HeadStatus>(r.GetString(2)),
                BirthDate = r.IsDBNull(3) ? null : AsDate(r.GetValue(3)),
                ClinicalActivity = r.GetBoolean(4),
            }));
        }, ct);
        var headsOf = heads.ToLookup(h => h.CentreId, StringComparer.Ordinal);
        var sites = new Dictionary<(string CentreId, int Year), ReportSite>();
        foreach (var r in toEvaluate)
        {
            if (!Infrastructure.Validation.InputRanges.IsYear(r.Year) || !centres.TryGetValue(r.CentreId, out var centre)) continue;
            var end = new DateOnly(r.Year, 12, 31);
            var head = headsOf[r.CentreId].Where(h => h.From <= end).OrderByDescending(h => h.From).Select(h => h.Person).FirstOrDefault();
            int? figure = measured.TryGetValue((r.CentreId, r.Year), out var m) ? m : null;
            sites[(r.CentreId, r.Year)] = SiteOf(centre, new ObjectScope(), head, figure);
        }
        return await WriteChangedVerdictsAsync(connection, transaction, toEvaluate, sites, clock, ct);
    }

    private static int? IntOrNull(System.Data.Common.DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly AsDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException("Date : type inattendu " + value.GetType().Name),
    };

    private static async Task ReadAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string sql, int? year,
        Action<System.Data.Common.DbDataReader> row, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        if (year is { } y)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@y";
            p.Value = y;
            cmd.Parameters.Add(p);
        }
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) row(reader);
    }

    /// <summary>The stored reports of the wanted pairs whose verdict may change: not already evaluated on the measured figure
    /// (the same file imported again), in a year a campaign covers; sorted by centre (ordinal) then year.</summary>
    private static List<AnnualReport> ToReEvaluate(IEnumerable<AnnualReport> reports, HashSet<(string CentreId, int Year)> wanted,
        IReadOnlyDictionary<(string CentreId, int Year), int> measured)
    {
        var candidates = reports.Where(r => wanted.Contains((r.CentreId, r.Year))).OrderBy(r => r.CentreId, StringComparer.Ordinal).ThenBy(r => r.Year).ToList();
        var keep = new bool[candidates.Count];
        void Decide(int i)
        {
            var r = candidates[i];
            // Already evaluated on this very figure (the same file imported again): nothing to do, and no query more.
            var figure = measured.TryGetValue((r.CentreId, r.Year), out var m) ? m.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (figure is not null && ReportJson.Findings(r).Any(f => f.Criterion == "verified_active_patients" && f.Actual == figure)) return;
            keep[i] = CampaignCatalogue.Shipped.ForYear(r.Year) is not null;
        }
        ForEachReport(candidates.Count, Decide);
        return candidates.Where((_, i) => keep[i]).ToList();
    }

    /// <summary>Evaluates each report against its site and writes the verdicts and findings that changed: one prepared
    /// statement in the caller's transaction (an ExecuteUpdate per report cost a translation and a round trip each, about
    /// a second for a national file). Returns the number of reports changed.</summary>
    private static async Task<int> WriteChangedVerdictsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        List<AnnualReport> toEvaluate, IReadOnlyDictionary<(string CentreId, int Year), ReportSite> sites, TimeProvider clock, CancellationToken ct)
    {
        var changedAt = new bool[toEvaluate.Count];
        ForEachReport(toEvaluate.Count, i =>
        {
            var r = toEvaluate[i];
            if (!sites.TryGetValue((r.CentreId, r.Year), out var site)) return;
            var (verdict, findings) = (r.Verdict, r.FindingsJson);
            Evaluate(r, site, clock);
            changedAt[i] = r.Verdict != verdict || r.FindingsJson != findings;
        });
        var updates = toEvaluate.Where((_, i) => changedAt[i]).ToList();
        if (updates.Count == 0) return 0;
        var changed = 0;
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE annual_reports SET \"Verdict\" = @v, \"FindingsJson\" = @f, \"EvaluatedAt\" = @a WHERE \"CentreId\" = @c AND \"Year\" = @y";
        foreach (var (name, sample) in new (string, object)[] { ("@v", ""), ("@f", ""), ("@a", DateTimeOffset.UnixEpoch), ("@c", ""), ("@y", 0) })
        {
            var p = update.CreateParameter();
            p.ParameterName = name;
            p.Value = sample;
            update.Parameters.Add(p);
        }
        await update.PrepareAsync(ct);
        foreach (var r in updates)
        {
            update.Parameters[0].Value = (object?)r.Verdict ?? DBNull.Value;
            update.Parameters[1].Value = (object?)r.FindingsJson ?? DBNull.Value;
            update.Parameters[2].Value = (object?)r.EvaluatedAt ?? DBNull.Value;
            update.Parameters[3].Value = r.CentreId;
            update.Parameters[4].Value = r.Year;
            changed += await update.ExecuteNonQueryAsync(ct);
        }
        return changed;
    }

    /// <summary>
    /// Runs <paramref name="one"/> for each report index: on every core (each report's decision and evaluation touch only
    /// that report; the callers keep the reports' order), on this thread for a handful. The threshold is low on purpose:
    /// the demo's and the tests' imports (24 reports) take the same path as a national file's 2,485.
    /// </summary>
    private static void ForEachReport(int count, Action<int> one)
    {
        if (count >= 16 && Environment.ProcessorCount > 1) Parallel.For(0, count, one);
        else for (var i = 0; i < count; i++) one(i);
    }

    /// <summary>Runs the compliance engine (as of 31 December of the report's year) and stores its findings on the report.</summary>
    public void Evaluate(AnnualReport r, ReportSite site) => Evaluate(r, site, clock);

    /// <summary>As <see cref="Evaluate(AnnualReport, ReportSite)"/>, with the evaluation time from <paramref name="clock"/>.</summary>
    public static void Evaluate(AnnualReport r, ReportSite site, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(site);
        var referential = CampaignCatalogue.Shipped.ForYear(r.Year) ?? throw new InvalidOperationException($"Aucune campagne pour {r.Year}.");
        var evaluation = ComplianceCheck.Run([ToSiteReport(r, site)], referential, new DateOnly(r.Year, 12, 31))[0];
        r.Verdict = evaluation.Verdict.Code();
        r.FindingsJson = ReportJson.Write(evaluation.Findings.Select(f => new StoredFinding(f.Rule, f.Criterion.Code(), f.Status.Code(),
            f.Expected?.ToString(), f.Actual?.ToString(), f.Source.Citation, f.Message)).ToList());
        r.EvaluatedAt = clock.GetUtcNow();
    }
}
