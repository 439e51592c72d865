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
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
        var kind = KindOf(centre);
        ClinicalField? field = kind.IsCrmr() && centre.Network is { } n ? Enum.Parse<ClinicalField>(n.Field.ToString()) : null;
        var measured = await db.ActivityIndicators.AsNoTracking().Where(a => a.CentreId == centreId && a.Year == year)
            .Select(a => (int?)a.ActivePatients).FirstOrDefaultAsync(ct);
        return new ReportSite(centre, kind, field, scope.LegalEntities.FirstOrDefault() ?? centre.EstablishmentFiness,
            centre.Establishment?.Departement?.RegionCode, scope.Filieres.Order(StringComparer.Ordinal).ToList(), mandate?.Person, measured);
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
        var errors = Validate(input, year);
        if (errors.Count > 0) return Invalid(errors);
        Apply(report, input);
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

    /// <summary>Runs the compliance engine (as of 31 December of the report's year) and stores its findings on the report.</summary>
    public void Evaluate(AnnualReport r, ReportSite site)
    {
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
