using System.Globalization;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Data;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Compliance;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures;

/// <summary>The compliance preview of one site: its latest annual report evaluated with the campaign's referential.</summary>
public sealed record SitePreview(string CentreId, string CentreName, int? Year, string? Verdict, IReadOnlyList<Finding> Findings, string? Note);

/// <summary>What the labelling registry writes when a campaign's results are published.</summary>
public sealed record PublicationResult(string CallId, string PeriodId, int ListYear, int Labels, int SuccessorCentres, int ClosedCentres, int Mandates);

/// <summary>The labelling campaign: one application per CRMR network, checked, assessed by the jury, decided site by site, published.</summary>
public sealed partial class ProcedureService
{
    /// <summary>The jury members assigned to a dossier, with their reviews.</summary>
    public Task<IReadOnlyList<AssignmentView>> JuryAssignmentsAsync(string dossierId, CancellationToken ct = default) => calls.AssignmentsAsync(dossierId, ct);

    public async Task<ProcedureResult> OpenLabellingApplicationAsync(Caller caller, string callId, string networkId, CancellationToken ct = default)
    {
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return ProcedureResult.Invalid(new FieldError("call_id", $"Appel « {callId} » inconnu."));
        if (call.Kind != CallKind.LabellingCampaign) return ProcedureResult.Invalid(new FieldError("call_id", $"L'appel « {callId} » n'est pas une campagne de labellisation."));
        var network = await db.Networks.AsNoTracking().FirstOrDefaultAsync(n => n.Id == networkId, ct);
        if (network is null) return ProcedureResult.Invalid(new FieldError("network_id", $"Réseau CRMR « {networkId} » inconnu."));
        var coordinating = await db.Centres.AsNoTracking()
            .FirstOrDefaultAsync(c => c.NetworkId == networkId && c.Role == SiteRole.Coordinating && c.ClosedOn == null, ct);
        if (coordinating is null) return ProcedureResult.Invalid(new FieldError("network_id", $"Le réseau « {network.Name} » n'a pas de site coordonnateur ouvert."));
        var allowed = caller.Role switch
        {
            UserRole.NationalAdmin => true,
            UserRole.CentreHead => caller.ScopeId == coordinating.Id,
            UserRole.Establishment => await LegalEntityOfAsync(coordinating.EstablishmentFiness, ct) == caller.ScopeId,
            _ => false,
        };
        if (!allowed || !caller.IsAuthenticated) return ProcedureResult.Forbidden;
        if (!call.IsOpenOn(Today))
            return ProcedureResult.Conflict("call_id", $"L'appel {call.Id} n'est pas ouvert : dépôts du {French.Date(call.OpensOn)} au {French.Date(call.Deadline)} (nous sommes le {French.Date(Today)}).");
        if (await db.Set<Dossier>().AnyAsync(d => d.CallId == callId && d.NetworkId == networkId && d.State != DossierState.Withdrawn, ct))
            return ProcedureResult.Conflict("network_id", "Ce réseau a déjà un dossier dans cette campagne : un dossier par CRMR.");
        var dossier = await NewDossierAsync(caller, ProcedureKind.LabellingApplication, $"Labellisation {call.PeriodId} — {network.Name}", coordinating.EstablishmentFiness, ct);
        dossier.CallId = call.Id;
        dossier.NetworkId = networkId;
        dossier.CentreId = coordinating.Id;
        dossier.FiliereAcronym = network.FiliereAcronym;
        dossier.Deadline = call.Deadline;
        dossier.OutgoingPersonId = await CurrentHolderAsync(MandateRole.CentreHead, coordinating.Id, null, ct);
        // The network as the registry knows it: its sites, and the competence and resource centres attached to it.
        var sites = await db.Centres.AsNoTracking().Where(c => c.ClosedOn == null && (c.NetworkId == networkId || c.Attachments.Any(a => a.NetworkId == networkId)))
            .ToListAsync(ct);
        foreach (var c in sites.OrderBy(c => c.Role == SiteRole.Coordinating ? 0 : c.Kind == CentreKind.ReferenceSite ? 1 : 2).ThenBy(c => c.Id, StringComparer.Ordinal))
            dossier.Sites.Add(new DossierSite { DossierId = dossier.Id, CentreId = c.Id, ProposedKind = c.Kind, ProposedRole = c.Role });
        return await SaveNewAsync(caller, dossier, ct);
    }

    /// <summary>
    /// Adds a centre to the application, changes the role it applies for (a competence centre applying as constitutive
    /// site), or removes it. <paramref name="role"/>: coordinating / constitutive (reference site), competence, resource.
    /// </summary>
    public async Task<ProcedureResult> PutSiteAsync(Caller caller, string id, string centreId, string? role, bool remove, CancellationToken ct = default)
    {
        var d = await db.Set<Dossier>().Include(x => x.Sites).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return ProcedureResult.NotFound;
        if (!await IsAuthorAsync(caller, d, ct)) return ProcedureResult.Forbidden;
        if (!kinds.Labelling.Owns(d)) return ProcedureResult.Conflict("kind", "Seule une candidature à la labellisation a des sites.");
        if (d.State != DossierState.Draft) return NotDraft(d);
        var centre = await db.Centres.AsNoTracking().FirstOrDefaultAsync(c => c.Id == centreId, ct);
        if (centre is null) return ProcedureResult.Invalid(new FieldError("centre_id", $"Centre « {centreId} » inconnu."));
        var site = d.Sites.FirstOrDefault(s => s.CentreId == centreId);
        if (remove)
        {
            if (site is null) return ProcedureResult.NotFound;
            d.Sites.Remove(site);
            var section = await db.Set<DossierSection>().FirstOrDefaultAsync(s => s.DossierId == id && s.Key == LabellingRequirements.SiteSectionKey(centreId), ct);
            if (section is not null) db.Set<DossierSection>().Remove(section);
            Event(d, caller, "site_removed", null, $"Site retiré de la candidature : {centre.Name}");
            await db.SaveChangesAsync(ct);
            return ProcedureResult.Ok(d.Id);
        }
        if (centre.ClosedOn is not null) return ProcedureResult.Invalid(new FieldError("centre_id", $"Le centre « {centre.Name} » est fermé."));
        (CentreKind Kind, SiteRole? Role)? proposed = role switch
        {
            "coordinating" => (CentreKind.ReferenceSite, SiteRole.Coordinating),
            "constitutive" => (CentreKind.ReferenceSite, SiteRole.Constitutive),
            "competence" => (CentreKind.CompetenceCentre, null),
            "resource" => (CentreKind.ResourceCentre, null),
            null => (centre.Kind, centre.Role),
            _ => null,
        };
        if (proposed is null) return ProcedureResult.Invalid(new FieldError("role", $"Rôle « {role} » inconnu : coordinating, constitutive, competence ou resource."));
        if (proposed.Value.Kind == CentreKind.ResourceCentre && centre.Kind != CentreKind.ResourceCentre)
            return ProcedureResult.Invalid(new FieldError("role", "Seul un CRC peut être présenté comme centre de ressources et de compétences."));
        if (centre.Kind == CentreKind.ResourceCentre && proposed.Value.Kind != CentreKind.ResourceCentre)
            return ProcedureResult.Invalid(new FieldError("role", "Un CRC est présenté comme tel (son financement et ses seuils sont propres)."));
        if (site is null)
        {
            site = new DossierSite { DossierId = d.Id, CentreId = centreId };
            d.Sites.Add(site);
        }
        site.ProposedKind = proposed.Value.Kind;
        site.ProposedRole = proposed.Value.Role;
        Event(d, caller, "site", null, $"{centre.Name} : candidat comme {LabellingRequirements.RoleLabel(new ApplicationSite(centreId, centre.Name, site.ProposedKind, site.ProposedRole, centre.Kind, "", 1, null, null))}");
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(d.Id);
    }

    /// <summary>The sites of an application with what the registry knows of them (heads counted today).</summary>
    public Task<IReadOnlyList<ApplicationSite>> ApplicationSitesAsync(Dossier d, CancellationToken ct = default) => kinds.Labelling.ApplicationSitesAsync(d, ct);

    /// <summary>The checks before submission: the structural rules (blocking) of the relabelling.</summary>
    public Task<IReadOnlyList<ApplicationCheck>> StructuralChecksAsync(Dossier d, CancellationToken ct = default) => kinds.Labelling.StructuralChecksAsync(d, ct);

    /// <summary>The compliance preview: each site's latest annual report, evaluated with the campaign's referential for the role it applies for.</summary>
    public async Task<IReadOnlyList<SitePreview>> CompliancePreviewAsync(Dossier d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        var call = d.CallId is null ? null : await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == d.CallId, ct);
        var referential = call?.ReferentialCampaign is { } r ? CampaignCatalogue.Shipped.Get(r) : CampaignFor(Today.Year);
        var asOf = call?.PeriodStart ?? Today;
        var network = await db.Networks.AsNoTracking().FirstOrDefaultAsync(n => n.Id == d.NetworkId, ct);
        var result = new List<SitePreview>();
        foreach (var site in await ApplicationSitesAsync(d, ct))
        {
            var latest = (await db.AnnualReports.AsNoTracking().Where(x => x.CentreId == site.CentreId).ToListAsync(ct))
                .OrderByDescending(x => x.Status.IsLocked()).ThenByDescending(x => x.Year).FirstOrDefault();
            if (latest is null)
            {
                result.Add(new SitePreview(site.CentreId, site.Name, null, null, [], "Aucun rapport annuel : l'activité ne peut pas être vérifiée (critère obligatoire : activité remontée de BaMaRa vers PIRAMIG)."));
                continue;
            }
            var reportSite = await reports.SiteAsync(site.CentreId, latest.Year, ct);
            if (reportSite is null) continue;
            // Evaluated for the role applied for: a competence centre applying as constitutive site meets the network's thresholds.
            reportSite = reportSite with
            {
                Kind = RegistryKinds.SiteKindOf(site.ProposedKind, site.ProposedRole, reportSite.Centre.ResourceKind),
                Field = site.ProposedKind == CentreKind.ReferenceSite && network is not null ? RegistryKinds.FieldOf(network.Field) : reportSite.Field,
            };
            var evaluation = ComplianceCheck.Run([ReportService.ToSiteReport(latest, reportSite)], referential, asOf)[0];
            result.Add(new SitePreview(site.CentreId, site.Name, latest.Year, evaluation.Verdict.Code(), evaluation.Findings,
                latest.Status.IsLocked() ? null : $"Rapport {latest.Year} non encore validé ({latest.Status.Label()})."));
        }
        return result;
    }

    /// <summary>The ministry records its decision for one site of an application (before the Decide transition).</summary>
    public async Task<ProcedureResult> DecideSiteAsync(Caller caller, string id, string centreId, LabelDecision? decision, string? reservations, CancellationToken ct = default)
    {
        var d = await db.Set<Dossier>().Include(x => x.Sites).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return ProcedureResult.NotFound;
        if (caller.Role != UserRole.NationalAdmin) return ProcedureResult.Forbidden;
        if (!kinds.Of(d).IsDecidedPerSite) return ProcedureResult.Conflict("kind", "Seule une candidature à la labellisation est décidée site par site.");
        if (d.State != DossierState.AwaitingDecision)
            return ProcedureResult.Conflict("state", $"Le dossier est « {d.State.Label()} » : les décisions par site se prennent une fois l'évaluation du jury close.");
        var site = d.Sites.FirstOrDefault(s => s.CentreId == centreId);
        if (site is null) return ProcedureResult.Invalid(new FieldError("centre_id", $"Le centre « {centreId} » ne fait pas partie de cette candidature."));
        if (decision is null) return ProcedureResult.Invalid(new FieldError("decision", "Décision requise : labelled, labelled_with_reservations ou not_retained."));
        if (decision == LabelDecision.LabelledWithReservations && string.IsNullOrWhiteSpace(reservations))
            return ProcedureResult.Invalid(new FieldError("reservations", "Une labellisation avec réserves énonce ses réserves."));
        if (reservations is { Length: > 4000 }) return ProcedureResult.Invalid(new FieldError("reservations", "Texte de plus de 4000 caractères."));
        site.Decision = decision;
        site.Reservations = string.IsNullOrWhiteSpace(reservations) ? null : reservations.Trim();
        var centre = await db.Centres.AsNoTracking().FirstAsync(c => c.Id == centreId, ct);
        var appSite = new ApplicationSite(centreId, centre.Name, site.ProposedKind, site.ProposedRole, centre.Kind, centre.EstablishmentFiness, 1, null, null);
        site.KeepsCompetenceLabel = LabellingRequirements.KeepsCompetenceLabel(appSite, decision.Value);
        Event(d, caller, "site_decision", null, $"{centre.Name} ({LabellingRequirements.RoleLabel(appSite)}) : {DecisionLabel(decision.Value)}"
            + (site.KeepsCompetenceLabel ? " — reste labellisé centre de compétence" : "") + (site.Reservations is null ? "" : $" — réserves : {site.Reservations}"));
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(d.Id);
    }

    public static string DecisionLabel(LabelDecision d) => d switch
    {
        LabelDecision.Labelled => "labellisé",
        LabelDecision.LabelledWithReservations => "labellisé avec réserves",
        _ => "non retenu",
    };

    private async Task<ProcedureResult?> ValidateSiteDecisionsAsync(Dossier d, CancellationToken ct)
    {
        var sites = await ApplicationSitesAsync(d, ct);
        var rows = await db.Set<DossierSite>().AsNoTracking().Where(s => s.DossierId == d.Id).ToListAsync(ct);
        var errors = LabellingRequirements.ValidateDecisions(sites.Select(s =>
        {
            var row = rows.First(r => r.CentreId == s.CentreId);
            return (s, row.Decision, row.Reservations);
        }).ToList());
        return errors.Count > 0 ? ProcedureResult.Invalid(errors) : null;
    }

    /// <summary>
    /// Publishes a labelling campaign: every submitted application must be decided; then, in one transaction, the new
    /// labelling period, a label per network and per site from the decisions (a competence centre refused as constitutive
    /// keeps its competence label), a successor centre for each site whose kind or role changes, the closing of sites
    /// not retained, and the heads' mandates for the new period. The official list is the yearly list of the period's
    /// first year (PDF, CSV, with its differences from the previous list).
    /// </summary>
    public async Task<(ProcedureResult Result, PublicationResult? Publication)> PublishLabellingAsync(Caller caller, string callId, CancellationToken ct = default)
    {
        var call = await db.Set<Call>().FirstOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return (ProcedureResult.NotFound, null);
        if (caller.Role != UserRole.NationalAdmin) return (ProcedureResult.Forbidden, null);
        if (call.Kind != CallKind.LabellingCampaign) return (ProcedureResult.Conflict("call", "Seule une campagne de labellisation se publie ainsi."), null);
        if (call.PublishedAt is { } published) return (ProcedureResult.Conflict("call", $"Les résultats ont déjà été publiés le {French.Date(published, clock.LocalTimeZone)}."), null);
        if (Today <= call.Deadline) return (ProcedureResult.Conflict("call", $"L'appel est ouvert jusqu'au {French.Date(call.Deadline)} : les résultats se publient après."), null);
        var dossiers = await db.Set<Dossier>().Include(d => d.Sites).Where(d => d.CallId == callId).ToListAsync(ct);
        var pending = dossiers.Where(d => d.State is DossierState.Submitted or DossierState.JuryReview or DossierState.AwaitingDecision).ToList();
        if (pending.Count > 0)
            return (ProcedureResult.Invalid(pending.Select(d => new FieldError("dossiers", $"{d.Id} ({d.Title}) n'est pas décidé : « {d.State.Label()} ».")).ToList()), null);
        var decided = dossiers.Where(d => d.State == DossierState.Decided).ToList();
        if (decided.Count == 0) return (ProcedureResult.Conflict("dossiers", "Aucune candidature décidée : rien à publier."), null);
        var start = call.PeriodStart!.Value;
        var end = call.PeriodEnd!.Value;
        var periodId = call.PeriodId!;
        if (await db.LabellingPeriods.AnyAsync(p => p.Id == periodId, ct)) return (ProcedureResult.Conflict("period_id", $"La période « {periodId} » existe déjà."), null);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.LabellingPeriods.Add(new LabellingPeriod
        {
            Id = periodId, Scope = PeriodScope.Centres, Start = start, End = end,
            Reference = $"Campagne {call.Id} — résultats publiés le {French.Date(Today)}",
        });
        // One label per centre for the period: a centre decided in several applications (a CCMR attached to several networks) keeps its best decision.
        var best = new Dictionary<string, (LabelDecision Decision, string? Note)>(StringComparer.Ordinal);
        int successors = 0, closed = 0, mandates = 0, labels = 0;
        var closedOn = start.AddDays(-1);
        foreach (var d in decided.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            var coordinating = d.Sites.FirstOrDefault(s => s.ProposedKind == CentreKind.ReferenceSite && s.ProposedRole == SiteRole.Coordinating);
            var networkDecision = coordinating?.Decision ?? LabelDecision.NotRetained;
            db.Labels.Add(new Label { PeriodId = periodId, NetworkId = d.NetworkId, Decision = networkDecision, ValidFrom = start, ValidTo = end, Note = $"Dossier {d.Id}" });
            labels++;
            foreach (var s in d.Sites)
            {
                var centre = await db.Centres.Include(c => c.Attachments).FirstAsync(c => c.Id == s.CentreId, ct);
                var decision = s.Decision ?? LabelDecision.NotRetained;
                var changes = s.ProposedKind != centre.Kind || s.ProposedRole != centre.Role
                    || (s.ProposedKind == CentreKind.ReferenceSite && centre.NetworkId != d.NetworkId);
                if (decision == LabelDecision.NotRetained)
                {
                    if (s.KeepsCompetenceLabel)
                        Keep(best, centre.Id, LabelDecision.Labelled, $"Candidature comme site constitutif non retenue ({d.Id}) : maintenu centre de compétence.");
                    else Keep(best, centre.Id, LabelDecision.NotRetained, $"Non retenu ({d.Id}).");
                    continue;
                }
                if (!changes)
                {
                    Keep(best, centre.Id, decision, s.Reservations);
                    continue;
                }
                // A change of kind or role makes a new labelled unit continuing the old one (the registry keeps the history).
                var newId = await SequentialIds.NextAsync(db.Centres.Select(c => c.Id),
                    s.ProposedKind == CentreKind.ReferenceSite ? "SITE-" : s.ProposedKind == CentreKind.CompetenceCentre ? "CCMR-" : "CRC-", "00000", ct);
                var successor = new Centre
                {
                    Id = newId, Kind = s.ProposedKind, Role = s.ProposedRole, NetworkId = s.ProposedKind == CentreKind.ReferenceSite ? d.NetworkId : null,
                    ResourceKind = centre.ResourceKind, Name = centre.Name, EstablishmentFiness = centre.EstablishmentFiness, PredecessorId = centre.Id,
                    Phone = centre.Phone, Email = centre.Email, Website = centre.Website,
                };
                if (s.ProposedKind != CentreKind.ReferenceSite)
                    successor.Attachments.Add(new CentreAttachment { CentreId = newId, NetworkId = d.NetworkId! });
                db.Centres.Add(successor);
                await db.SaveChangesAsync(ct);
                centre.ClosedOn = closedOn;
                closed++;
                successors++;
                Keep(best, newId, decision, s.Reservations ?? $"Succède à {centre.Id} ({d.Id}).");
                var head = await CurrentHolderAsync(MandateRole.CentreHead, centre.Id, null, ct);
                if (head is not null)
                {
                    db.Mandates.Add(new Mandate { PersonId = head, Role = MandateRole.CentreHead, CentreId = newId, From = start, To = end });
                    mandates++;
                }
            }
        }
        foreach (var (centreId, (decision, note)) in best)
        {
            db.Labels.Add(new Label { PeriodId = periodId, CentreId = centreId, Decision = decision, ValidFrom = start, ValidTo = end, Note = note });
            labels++;
            var centre = await db.Centres.FirstAsync(c => c.Id == centreId, ct);
            if (decision == LabelDecision.NotRetained)
            {
                if (centre.ClosedOn is null)
                {
                    centre.ClosedOn = closedOn;
                    closed++;
                }
                continue;
            }
            // The head is designated for the labelling period: a mandate ending before the new period is extended by a new one.
            var mandate = await db.Mandates.Where(m => m.Role == MandateRole.CentreHead && m.CentreId == centreId && m.From <= closedOn)
                .OrderByDescending(m => m.From).FirstOrDefaultAsync(ct);
            if (mandate is { To: { } to } && to < start && to >= closedOn.AddDays(-1)
                && !await db.Mandates.AnyAsync(m => m.Role == MandateRole.CentreHead && m.CentreId == centreId && m.From >= start, ct)
                && !db.Mandates.Local.Any(m => m.Role == MandateRole.CentreHead && m.CentreId == centreId && m.From >= start))
            {
                db.Mandates.Add(new Mandate { PersonId = mandate.PersonId, Role = MandateRole.CentreHead, CentreId = centreId, From = start, To = end });
                mandates++;
            }
        }
        call.PublishedAt = clock.GetUtcNow();
        call.PublishedBy = caller.UserName;
        var notifications = new List<Notification>();
        foreach (var d in decided)
        {
            var summary = string.Join("\n", d.Sites.Select(s => $"- {s.CentreId} : {DecisionLabel(s.Decision ?? LabelDecision.NotRetained)}"
                + (s.KeepsCompetenceLabel ? " (maintenu centre de compétence)" : "") + (s.Reservations is null ? "" : $" — réserves : {s.Reservations}")));
            foreach (var (role, scope) in await AuthorAudiencesAsync(d, ct))
                notifications.AddRange(await NotificationsToAsync(d, "published", role, scope, null, "Porteurs de la candidature",
                    $"[Maillage] Résultats de la labellisation {periodId} : {d.Title}",
                    $"Les résultats de la campagne {call.Id} sont publiés. Période de labellisation {French.Date(start)} – {French.Date(end)}.\n{summary}", ct));
        }
        db.Set<Notification>().AddRange(notifications);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (ProcedureResult.Ok(callId), new PublicationResult(callId, periodId, start.Year, labels, successors, closed, mandates));

        static void Keep(Dictionary<string, (LabelDecision, string?)> best, string id, LabelDecision decision, string? note)
        {
            if (!best.TryGetValue(id, out var current) || Rank(decision) > Rank(current.Item1)) best[id] = (decision, note);
        }

        static int Rank(LabelDecision d) => d switch
        {
            LabelDecision.Labelled => 2,
            LabelDecision.LabelledWithReservations => 1,
            _ => 0,
        };
    }
}
