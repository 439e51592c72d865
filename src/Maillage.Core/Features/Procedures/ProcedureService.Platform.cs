using System.Globalization;
using System.Security.Cryptography;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Funding;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures;

/// <summary>A recruit as entered (codes and numbers not yet checked).</summary>
public sealed record RecruitInput(string? Function, string? JobTitle, decimal? Fte, decimal? YearlyCost);

/// <summary>The platform proposed: its name, host establishment (ET), other establishments, centres in scope, and budget's recruits.</summary>
public sealed record PlatformProjectInput(string? Name, string? HostFiness, IReadOnlyList<string>? OtherEstablishments, IReadOnlyList<string>? Centres,
    IReadOnlyList<RecruitInput>? Recruits);

/// <summary>A centre of a project's scope, as shown: whether it counts towards the threshold of 6 (a CRMR site or a CRC).</summary>
public sealed record PlatformCentreView(string Id, string Name, CentreKind Kind, SiteRole? Role, string Finess, string? EstablishmentName, string? Filiere,
    bool CountsTowardsThreshold, bool Closed);

/// <summary>One yearly indicators report, with its due date and whether it came late.</summary>
public sealed record PlatformReportView(int OperatingYear, DateOnly Due, DateOnly? SubmittedOn, string? SubmittedBy, bool Late, IReadOnlyList<PlatformIndicatorEntry> Entries);

/// <summary>Everything platform-specific about a project's dossier, computed from the registry and the follow-up.</summary>
public sealed record PlatformProjectView(
    PlatformProject Project,
    Call? Call,
    string HostName,
    IReadOnlyList<Participant> OtherEstablishments,
    IReadOnlyList<PlatformCentreView> Centres,
    EligibilityResult Eligibility,
    PemrFunding Funding,
    decimal BudgetPerYear,
    IReadOnlyList<FieldError> BudgetProblems,
    DateOnly? CheckpointDue,
    bool? CheckpointLate,
    IReadOnlyList<PlatformReportView> Reports,
    bool YearTwoReportExpected);

/// <summary>
/// The expertise platforms' call for projects (note DGOS/MMR/2020/221 du 7 décembre 2020): a project opened in an open call by the host establishment's
/// direction, its scope and budget, the submission checks, the platform written into the registry with its funding on
/// approval, the notifications of §IX, and the follow-up: credit delegation, 6-month checkpoint, yearly indicators, year-2
/// renewal.
/// </summary>
public sealed partial class ProcedureService
{
    // ---------------------------------------------------------------- opening and editing

    /// <summary>
    /// Opens a project in an open platform call. The host establishment's direction (role Establishment whose legal entity owns
    /// the host ET) or the ministry may open it; the dossier takes the call's deadline.
    /// </summary>
    public async Task<ProcedureResult> OpenPlatformProjectAsync(Caller caller, string callId, PlatformProjectInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Only an establishment's direction (for its own host) or the ministry opens a project: refused before anything is read.
        if (caller.Role is not (UserRole.NationalAdmin or UserRole.Establishment)) return ProcedureResult.Forbidden;
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return ProcedureResult.Invalid(new FieldError("call_id", $"Appel « {callId} » inconnu."));
        if (call.Kind != CallKind.PlatformCall)
            return ProcedureResult.Invalid(new FieldError("call_id", $"L'appel « {call.Title} » n'est pas un appel à projets de plateformes d'expertise."));
        var host = input.HostFiness?.Trim() ?? "";
        var hostRow = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.Finess == host, ct);
        if (hostRow is null) return ProcedureResult.Invalid(new FieldError("host_finess", $"Établissement porteur « {host} » inconnu du registre."));
        if (hostRow.Level != EstablishmentLevel.Site)
            return ProcedureResult.Invalid(new FieldError("host_finess", "L'établissement porteur doit être un établissement géographique (ET) : la plateforme a ses locaux sur un site."));
        if (caller.Role is not (UserRole.NationalAdmin or UserRole.Establishment) || !await access.CanWriteAsync(caller, "establishment", host, ct))
            return ProcedureResult.Forbidden;
        if (!call.IsOpenOn(Today))
            return ProcedureResult.Conflict("call_id", Today < call.OpensOn
                ? $"L'appel « {call.Title} » ouvre le {French.Date(call.OpensOn)}."
                : $"L'appel « {call.Title} » est clos : la date limite de dépôt était le {French.Date(call.Deadline)}.");
        if (await db.Set<Dossier>().AnyAsync(d => d.CallId == callId && d.SeatFiness == host && d.Kind == ProcedureKind.PlatformProject
                && d.State != DossierState.Withdrawn && d.State != DossierState.Rejected, ct))
            return ProcedureResult.Conflict("host_finess", "Un projet de plateforme de cet établissement porteur est déjà ouvert dans cet appel.");
        var project = new PlatformProject { DossierId = "", PlatformName = "", HostFiness = host };
        var errors = await ApplyPlatformInputAsync(project, input, ct);
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        var dossier = await NewDossierAsync(caller, ProcedureKind.PlatformProject, $"Plateforme d'expertise maladies rares — {project.PlatformName}", host, ct);
        dossier.CallId = call.Id;
        dossier.Deadline = call.Deadline;
        Stamp(project, dossier.Id);
        db.Set<PlatformProject>().Add(project);
        return await SaveNewAsync(caller, dossier, ct);
    }

    /// <summary>
    /// Changes the platform's name, establishments, centres in scope and recruits (the authors, while in preparation). A list
    /// given replaces the current one; a list left out (null) is kept.
    /// </summary>
    public async Task<ProcedureResult> UpdatePlatformProjectAsync(Caller caller, string id, PlatformProjectInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var d = await db.Set<Dossier>().Include(x => x.Opinions).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return ProcedureResult.NotFound;
        if (!await IsAuthorAsync(caller, d, ct)) return ProcedureResult.Forbidden;
        if (!kinds.Platform.Owns(d)) return NotAPlatformProject(d);
        if (d.State != DossierState.Draft) return NotDraft(d);
        if (input.HostFiness is { Length: > 0 } h && h.Trim() != d.SeatFiness)
            return ProcedureResult.Invalid(new FieldError("host_finess", "L'établissement porteur ne change pas : retirez ce dossier et ouvrez-en un autre."));
        var project = await kinds.Platform.LoadProjectAsync(id, tracked: true, ct);
        // What the input leaves out (null) stays as it is.
        var errors = await ApplyPlatformInputAsync(project, input with
        {
            Name = input.Name ?? project.PlatformName,
            OtherEstablishments = input.OtherEstablishments ?? project.Establishments.Select(e => e.Finess).ToList(),
            Centres = input.Centres ?? project.Centres.Select(c => c.CentreId).ToList(),
            Recruits = input.Recruits ?? project.Recruits.OrderBy(r => r.Position).Select(r => new RecruitInput(r.Function.Code(), r.JobTitle, r.Fte, r.YearlyCost)).ToList(),
        }, ct);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return ProcedureResult.Invalid(errors);
        }
        Stamp(project, d.Id);
        d.Title = $"Plateforme d'expertise maladies rares — {project.PlatformName}";
        if (d.Title.Length > 300) d.Title = d.Title[..300];
        // Opinions no longer asked (a centre, an association or an establishment left the scope) go with it.
        var asked = (await RequirementsAsync(d, ct)).Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var o in d.Opinions.Where(o => !asked.Contains(o.ItemId)).ToList()) d.Opinions.Remove(o);
        Event(d, caller, "platform", null, $"{project.PlatformName} : {French.Count(project.Centres.Count, "centre", "centres")}, {French.Count(project.Establishments.Count, "autre établissement", "autres établissements")}, {French.Count(project.Recruits.Count, "recrutement", "recrutements")}");
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(d.Id);
    }

    private static ProcedureResult NotAPlatformProject(Dossier d) =>
        ProcedureResult.Conflict("kind", $"Le dossier {d.Id} est une procédure « {d.Kind.Label()} », pas un projet de plateforme d'expertise.");

    private static void Stamp(PlatformProject p, string dossierId)
    {
        p.DossierId = dossierId;
        foreach (var e in p.Establishments) e.DossierId = dossierId;
        foreach (var c in p.Centres) c.DossierId = dossierId;
        foreach (var r in p.Recruits) r.DossierId = dossierId;
    }

    /// <summary>Checks the input against the registry and writes it into <paramref name="p"/> (lists replaced).</summary>
    private async Task<List<FieldError>> ApplyPlatformInputAsync(PlatformProject p, PlatformProjectInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add(new FieldError("name", "Nom de la plateforme requis."));
        else if (name.Length > 250) errors.Add(new FieldError("name", $"Le nom dépasse 250 caractères ({name.Length})."));
        var others = (input.OtherEstablishments ?? []).Select(f => f.Trim()).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (others.Contains(p.HostFiness)) errors.Add(new FieldError("other_establishments", "L'établissement porteur n'est pas un « autre établissement »."));
        var known = await db.Establishments.AsNoTracking().Where(e => others.Contains(e.Finess)).ToDictionaryAsync(e => e.Finess, ct);
        foreach (var f in others.Where(f => !known.ContainsKey(f)))
            errors.Add(new FieldError("other_establishments", $"Établissement « {f} » inconnu du registre."));
        foreach (var f in others.Where(f => known.TryGetValue(f, out var e) && e.Level != EstablishmentLevel.Site))
            errors.Add(new FieldError("other_establishments", $"« {f} » est une entité juridique : indiquez l'établissement géographique (ET) qui participe."));
        var legalEntities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in others.Append(p.HostFiness))
            if (await LegalEntityOfAsync(f, ct) is { } ej) legalEntities.Add(ej);
        var centreIds = (input.Centres ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (centreIds.Count > 500) errors.Add(new FieldError("centres", "Au plus 500 centres."));
        var centres = await db.Centres.AsNoTracking().Include(c => c.Establishment).Where(c => centreIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var c in centreIds)
        {
            if (!centres.TryGetValue(c, out var centre)) errors.Add(new FieldError("centres", $"Centre « {c} » inconnu du registre."));
            else if (centre.ClosedOn is not null) errors.Add(new FieldError("centres", $"Le centre « {centre.Name} » ({c}) est fermé depuis le {French.Date(centre.ClosedOn)}."));
            else if (!legalEntities.Contains(centre.Establishment?.LegalEntityFiness ?? centre.EstablishmentFiness))
                errors.Add(new FieldError("centres", $"Le centre « {centre.Name} » ({c}) n'est pas dans un établissement de la plateforme (établissement {centre.EstablishmentFiness}) : ajoutez son établissement aux établissements participants."));
        }
        var recruits = new List<Recruit>();
        var inputs = input.Recruits ?? [];
        if (inputs.Count > 50) errors.Add(new FieldError("recruits", "Au plus 50 recrutements."));
        for (var i = 0; i < inputs.Count; i++)
        {
            var r = inputs[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"recruits[{i}]");
            if (!PlatformCall.TryParseFunction(r.Function, out var function))
            {
                errors.Add(new FieldError(field + ".function", $"Recrutement {i + 1} : fonction « {r.Function} » inconnue ({string.Join(", ", Enum.GetValues<RecruitFunction>().Select(f => f.Code()))})."));
                continue;
            }
            if (r.Fte is null) errors.Add(new FieldError(field + ".fte", $"Recrutement {i + 1} : temps de travail (ETP) requis."));
            if (r.YearlyCost is null) errors.Add(new FieldError(field + ".yearly_cost", $"Recrutement {i + 1} : coût annuel requis."));
            if (r.Fte is not null && r.YearlyCost is not null)
                recruits.Add(new Recruit(function, string.IsNullOrWhiteSpace(r.JobTitle) ? null : r.JobTitle.Trim(), r.Fte.Value, r.YearlyCost.Value));
        }
        if (recruits.Count == inputs.Count) errors.AddRange(PlatformCall.ValidateRecruits(recruits));
        if (errors.Count > 0) return errors;
        p.PlatformName = name!;
        Replace(p.Establishments, others.Select(f => new PlatformProjectEstablishment { DossierId = p.DossierId, Finess = f }), x => x.Finess);
        Replace(p.Centres, centreIds.Select(c => new PlatformProjectCentre { DossierId = p.DossierId, CentreId = c }), x => x.CentreId);
        p.Recruits.Clear();
        p.Recruits.AddRange(recruits.Select((r, i) => new PlatformProjectRecruit
        {
            DossierId = p.DossierId, Position = i + 1, Function = r.Function, JobTitle = r.JobTitle, Fte = r.Fte, YearlyCost = r.YearlyCost,
        }));
        return errors;
    }

    /// <summary>Keeps the rows still wanted, adds the new ones (a key row is never deleted and re-added in one save).</summary>
    private static void Replace<T>(List<T> rows, IEnumerable<T> wanted, Func<T, string> key)
    {
        var want = wanted.ToList();
        var keys = want.Select(key).ToHashSet(StringComparer.Ordinal);
        rows.RemoveAll(r => !keys.Contains(key(r)));
        var have = rows.Select(key).ToHashSet(StringComparer.Ordinal);
        rows.AddRange(want.Where(w => !have.Contains(key(w))));
    }

    // ---------------------------------------------------------------- reading

    /// <summary>The centres a project may name: the open centres of the legal entities of its host and other establishments.</summary>
    public async Task<IReadOnlyList<PlatformCentreView>> CandidateCentresAsync(string hostFiness, IReadOnlyList<string> others, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(others);
        var legalEntities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in others.Append(hostFiness))
            if (await LegalEntityOfAsync(f, ct) is { } ej) legalEntities.Add(ej);
        var ids = await db.Centres.AsNoTracking()
            .Where(c => c.ClosedOn == null && (legalEntities.Contains(c.EstablishmentFiness) || legalEntities.Contains(c.Establishment!.LegalEntityFiness!)))
            .Select(c => c.Id).ToListAsync(ct);
        return await kinds.Platform.CentreViewsAsync(ids, ct);
    }

    /// <summary>The platform-specific view of a project's dossier (null for other procedures).</summary>
    public Task<PlatformProjectView?> PlatformAsync(Dossier d, CancellationToken ct = default) => kinds.Platform.ViewAsync(d, ct);

    // ---------------------------------------------------------------- notifications

    private async Task<List<Notification>> FollowUpNotificationsAsync(Dossier d, bool toMinistry, bool toEstablishment, string reason, string subject, string body, CancellationToken ct)
    {
        var list = new List<Notification>();
        if (toMinistry) list.AddRange(await NotificationsToAsync(d, reason, UserRole.NationalAdmin, null, null, "Mission maladies rares (DGOS)", subject, body, ct));
        if (toEstablishment && await LegalEntityOfAsync(d.SeatFiness, ct) is { } ej)
            list.AddRange(await NotificationsToAsync(d, reason, UserRole.Establishment, ej, null, $"Direction de l'établissement porteur {d.SeatFiness}", subject, body, ct));
        if (await lookups.RegionOfAsync(d.SeatFiness, ct) is { } region)
            list.AddRange(await NotificationsToAsync(d, reason, UserRole.RegionalAgency, region, null, $"ARS (région {region})", subject, body, ct));
        return list;
    }

    // ---------------------------------------------------------------- follow-up

    private async Task<(Dossier? Dossier, PlatformProject? Project, ProcedureResult? Refusal)> FollowUpTargetAsync(Caller caller, string id, bool ministryOnly,
        CancellationToken ct)
    {
        var d = await db.Set<Dossier>().Include(x => x.Documents).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return (null, null, ProcedureResult.NotFound);
        var allowed = ministryOnly ? caller.Role == UserRole.NationalAdmin : await IsAuthorAsync(caller, d, ct);
        if (!allowed) return (d, null, ProcedureResult.Forbidden);
        if (!kinds.Platform.Owns(d)) return (d, null, NotAPlatformProject(d));
        if (d.State != DossierState.Approved)
            return (d, null, ProcedureResult.Conflict("state", $"Le dossier est « {d.State.Label()} » : le suivi d'une plateforme commence après son acceptation."));
        return (d, await kinds.Platform.LoadProjectAsync(id, tracked: true, ct), null);
    }

    /// <summary>The ministry records the delegation of credits (date, circular): the checkpoint falls due 6 months after.</summary>
    public async Task<ProcedureResult> RecordCreditDelegationAsync(Caller caller, string id, DateOnly? delegatedOn, string? reference, CancellationToken ct = default)
    {
        var (d, p, refusal) = await FollowUpTargetAsync(caller, id, ministryOnly: true, ct);
        if (refusal is not null) return refusal;
        if (delegatedOn is not { } on) return ProcedureResult.Invalid(new FieldError("delegated_on", "Date de la délégation des crédits requise."));
        var call = d!.CallId is null ? null : await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == d.CallId, ct);
        if (call is not null && on < call.OpensOn)
            return ProcedureResult.Invalid(new FieldError("delegated_on", $"La délégation des crédits ne peut précéder l'ouverture de l'appel ({French.Date(call.OpensOn)})."));
        if (on > Today.AddYears(1)) return ProcedureResult.Invalid(new FieldError("delegated_on", "Date de délégation à plus d'un an : vérifiez la date."));
        if (reference is { Length: > 300 }) return ProcedureResult.Invalid(new FieldError("reference", "La référence dépasse 300 caractères."));
        p!.CreditsDelegatedOn = on;
        p.CreditsReference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
        var due = PlatformCall.CheckpointDue(on);
        Event(d, caller, "credits", null, $"Crédits délégués le {French.Date(on)}{(p.CreditsReference is null ? "" : $" ({p.CreditsReference})")} ; point d'étape attendu au plus tard le {French.Date(due)}");
        var notes = await FollowUpNotificationsAsync(d, toMinistry: false, toEstablishment: true, "credits_delegated",
            $"[Maillage] Délégation des crédits : {p.PlatformName}",
            $"Les crédits MIG de la plateforme {p.PlatformId} ont été délégués le {French.Date(on)}{(p.CreditsReference is null ? "" : $" ({p.CreditsReference})")}. Le point d'étape à la DGOS est attendu au plus tard le {French.Date(due)} (note DGOS/MMR/2020/221, §IX).", ct);
        return await SaveFollowUpAsync(d, notes, ct);
    }

    /// <summary>
    /// The 6-month checkpoint (§IX: "pour attester de la création de la plateforme"): recorded by the host establishment with a
    /// report and a PDF as evidence; after its due day it is flagged late.
    /// </summary>
    public async Task<ProcedureResult> RecordCheckpointAsync(Caller caller, string id, string? report, string? fileName, byte[]? evidence, CancellationToken ct = default)
    {
        var (d, p, refusal) = await FollowUpTargetAsync(caller, id, ministryOnly: false, ct);
        if (refusal is not null) return refusal;
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(report)) errors.Add(new FieldError("report", "Décrivez la création de la plateforme (recrutements, locaux, comité de pilotage…)."));
        else if (report.Length > 8000) errors.Add(new FieldError("report", $"Le point d'étape dépasse 8000 caractères ({report.Length})."));
        var name = DocumentName(fileName, "point-etape.pdf");
        PdfCheck? check = null;
        if (evidence is null || evidence.Length == 0) errors.Add(new FieldError("file", "Joignez la pièce justificative (PDF) attestant de la création de la plateforme."));
        else if (await CheckPdfAsync(name, evidence, ct) is (var inspected, var error))
        {
            check = inspected;
            if (error is not null) errors.Add(error);
        }
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        var due = PlatformCall.CheckpointDue(p!.CreditsDelegatedOn ?? DateOnly.FromDateTime(d!.DecidedAt!.Value.Date));
        p.CheckpointOn = Today;
        p.CheckpointReport = report!.Trim();
        p.CheckpointBy = caller.UserName;
        var dossier = d!;
        FileDocument(dossier, CheckpointItem, name, evidence!, check!, Convert.ToHexStringLower(SHA256.HashData(evidence!)), caller);
        var late = PlatformCall.IsLate(due, Today);
        Event(dossier, caller, "checkpoint", null, $"Point d'étape à 6 mois{(late ? $" EN RETARD (attendu au plus tard le {French.Date(due)})" : "")} : {name}");
        var notes = await FollowUpNotificationsAsync(dossier, toMinistry: true, toEstablishment: false, "checkpoint",
            $"[Maillage] Point d'étape à 6 mois{(late ? " (en retard)" : "")} : {p.PlatformName}",
            $"L'établissement {dossier.SeatFiness} a transmis le point d'étape de la plateforme {p.PlatformId} le {French.Date(Today)} (attendu au plus tard le {French.Date(due)}{(late ? ", en retard" : "")}).", ct);
        return await SaveFollowUpAsync(dossier, notes, ct);
    }

    /// <summary>The item id of the checkpoint's evidence among the dossier's documents.</summary>
    public const string CheckpointItem = "checkpoint_evidence";

    /// <summary>
    /// The yearly indicators report of an operating year (§VI.2): the five mandatory indicators, the proposed ones, additional
    /// ones. Year 2 only when the credits are renewed; a year's report can be corrected until the renewal is decided.
    /// </summary>
    public async Task<ProcedureResult> FileIndicatorsAsync(Caller caller, string id, int operatingYear, IReadOnlyList<IndicatorValue> values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (d, p, refusal) = await FollowUpTargetAsync(caller, id, ministryOnly: false, ct);
        if (refusal is not null) return refusal;
        if (operatingYear is < 1 or > 2) return ProcedureResult.Invalid(new FieldError("year", "Année de fonctionnement 1 ou 2 (deux années d'amorçage)."));
        if (operatingYear == 2 && p!.Renewed != true)
            return ProcedureResult.Conflict("year", p.Renewed == false ? "Les crédits n'ont pas été reconduits en deuxième année." : "La reconduction en deuxième année n'est pas encore décidée.");
        if (operatingYear == 1 && p!.Renewed is not null)
            return ProcedureResult.Conflict("year", "La reconduction a été décidée au vu de ce rapport : il ne peut plus être modifié.");
        var clean = values.Select(v => v with
        {
            Key = v.Key?.Trim() ?? "", Label = string.IsNullOrWhiteSpace(v.Label) ? null : v.Label.Trim(), Text = string.IsNullOrWhiteSpace(v.Text) ? null : v.Text.Trim(),
        }).Where(v => v.Count is not null || v.Text is not null || v.Label is not null).ToList();
        var errors = PlatformCall.ValidateIndicators(clean);
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        var report = await db.Set<PlatformIndicatorReport>().Include(r => r.Entries).FirstOrDefaultAsync(r => r.DossierId == id && r.OperatingYear == operatingYear, ct);
        if (report is null)
        {
            report = new PlatformIndicatorReport { DossierId = id, OperatingYear = operatingYear, SubmittedBy = caller.UserName! };
            db.Set<PlatformIndicatorReport>().Add(report);
        }
        report.SubmittedOn = Today;
        report.SubmittedBy = caller.UserName!;
        var wanted = clean.ToDictionary(v => v.Key, StringComparer.Ordinal);
        report.Entries.RemoveAll(e => !wanted.ContainsKey(e.Key));
        foreach (var v in clean)
        {
            var e = report.Entries.FirstOrDefault(x => x.Key == v.Key);
            if (e is null) report.Entries.Add(e = new PlatformIndicatorEntry { DossierId = id, Key = v.Key });
            e.Label = PlatformCall.Indicators.Any(s => s.Key == v.Key) ? null : v.Label;
            e.CountValue = v.Count;
            e.TextValue = v.Text;
        }
        var due = PlatformCall.IndicatorsDue(p!.CreditsDelegatedOn ?? Today, operatingYear);
        var late = PlatformCall.IsLate(due, Today);
        Event(d!, caller, "indicators", null, $"Rapport d'activité — année {operatingYear} : {French.Count(clean.Count, "indicateur", "indicateurs")}{(late ? $", EN RETARD (attendu au plus tard le {French.Date(due)})" : "")}");
        var notes = await FollowUpNotificationsAsync(d!, toMinistry: true, toEstablishment: false, "indicators",
            $"[Maillage] Rapport d'activité annuel (année {operatingYear}) : {p.PlatformName}",
            $"L'établissement {d!.SeatFiness} a transmis les indicateurs d'activité de la plateforme {p.PlatformId} pour sa {(operatingYear == 1 ? "première" : "deuxième")} année de fonctionnement, le {French.Date(Today)} (attendus au plus tard le {French.Date(due)}).", ct);
        return await SaveFollowUpAsync(d, notes, ct);
    }

    /// <summary>The ministry decides, on the yearly evaluation, whether the credits are renewed for the second year (§IX).</summary>
    public async Task<ProcedureResult> DecideRenewalAsync(Caller caller, string id, bool? renewed, string? reasons, CancellationToken ct = default)
    {
        var (d, p, refusal) = await FollowUpTargetAsync(caller, id, ministryOnly: true, ct);
        if (refusal is not null) return refusal;
        if (p!.Renewed is not null) return ProcedureResult.Conflict("renewed", $"La reconduction a déjà été décidée le {(p.RenewalDecidedAt is { } decided ? French.Date(decided, clock.LocalTimeZone) : "—")} ({(p.Renewed == true ? "reconduite" : "non reconduite")}).");
        var filed = await db.Set<PlatformIndicatorReport>().AnyAsync(r => r.DossierId == id && r.OperatingYear == 1, ct);
        var errors = PlatformCall.ValidateRenewal(renewed, reasons, filed);
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        p.Renewed = renewed;
        p.RenewalReasons = string.IsNullOrWhiteSpace(reasons) ? null : reasons.Trim();
        p.RenewalDecidedAt = clock.GetUtcNow();
        p.RenewalDecidedBy = caller.UserName;
        p.FundingYear2 = renewed == true ? p.FundingPerYear : 0m;
        var what = renewed == true
            ? $"Les crédits de la plateforme {p.PlatformId} sont reconduits en deuxième année de fonctionnement ({Euro.Format(p.FundingYear2 ?? 0)})."
            : $"Les crédits de la plateforme {p.PlatformId} ne sont pas reconduits en deuxième année de fonctionnement.";
        Event(d!, caller, "renewal", null, what + (p.RenewalReasons is null ? "" : " " + p.RenewalReasons));
        var notes = await FollowUpNotificationsAsync(d!, toMinistry: false, toEstablishment: true, "renewal",
            $"[Maillage] Reconduction des crédits en 2e année : {p.PlatformName}",
            what + (p.RenewalReasons is null ? "" : $" Motifs : {p.RenewalReasons}") + " (au vu de l'évaluation annuelle — note DGOS/MMR/2020/221, §IX).", ct);
        return await SaveFollowUpAsync(d!, notes, ct);
    }

    private async Task<ProcedureResult> SaveFollowUpAsync(Dossier d, List<Notification> notifications, CancellationToken ct)
    {
        db.Set<Notification>().AddRange(notifications);
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(d.Id);
    }
}
