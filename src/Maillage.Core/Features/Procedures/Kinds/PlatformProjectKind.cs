using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Funding;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// An expertise platform's (PEMR) project in a call for projects (DGOS information note n° DGOS/MMR/2020/221 of 7 December
/// 2020): opened in the call by the host establishment's direction; its items from the scope (centres, associations, other
/// directions); the threshold of 6 CRMR/CRC and the recruits checked at submission; the jury of eight before its review
/// closes; the approval writes the platform, its label and its funding; the decision's audiences of §IX; the follow-up's
/// tasks once accepted. The project's own editing and follow-up steps are <see cref="ProcedureService"/>'s platform part.
/// </summary>
public sealed class PlatformProjectKind(MaillageDbContext db, ProcedureLookups lookups, CallService calls) : ProcedureKindBase(lookups)
{
    public override ProcedureKind Kind => ProcedureKind.PlatformProject;
    public override string IdPrefix => "PEM";

    /// <summary>A platform is not a centre's labelled unit of the yearly list.</summary>
    public override bool EntersYearlyList => false;

    /// <summary>Opened in its call (<see cref="ProcedureService.OpenPlatformProjectAsync"/>), never by the generic rule.</summary>
    public override Task<bool> CanOpenAsync(Caller caller, string? centreId, string? seatOrReceivingFiness, string? filiere, CancellationToken ct) =>
        Task.FromResult(false);

    /// <summary>The host establishment's direction.</summary>
    protected override async Task<bool> IsAuthorByRoleAsync(Caller caller, Dossier d, Func<string, Task<string?>> legalEntityOf, CancellationToken ct) =>
        caller.Role == UserRole.Establishment && await legalEntityOf(d.SeatFiness) == caller.ScopeId;

    public override async Task<DossierRequirementsView> RequirementsAsync(Dossier d, CancellationToken ct) =>
        new(await ItemsAsync(d, ct), FixedSections);

    public override async Task<IReadOnlyList<TaskItem>> FollowUpTasksAsync(Caller caller, Dossier d, CancellationToken ct) =>
        d.State == DossierState.Approved ? await AcceptedPlatformTasksAsync(caller, d, ct) : [];

    internal async Task<PlatformProject> LoadProjectAsync(string dossierId, bool tracked, CancellationToken ct)
    {
        var q = db.Set<PlatformProject>().Include(p => p.Establishments).Include(p => p.Centres).Include(p => p.Recruits).AsSplitQuery();
        if (!tracked) q = q.AsNoTracking();
        return await q.FirstAsync(p => p.DossierId == dossierId, ct);
    }

    internal async Task<List<PlatformCentreView>> CentreViewsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var rows = await db.Centres.AsNoTracking().Include(c => c.Establishment).Include(c => c.Network).Include(c => c.Attachments)
            .Where(c => ids.Contains(c.Id)).AsSplitQuery().ToListAsync(ct);
        var attachedNetworks = rows.SelectMany(c => c.Attachments.Select(a => a.NetworkId)).Distinct().ToList();
        var filiereOfNetwork = await db.Networks.AsNoTracking().Where(n => attachedNetworks.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.FiliereAcronym, ct);
        return rows.Select(c => new PlatformCentreView(c.Id, c.Name, c.Kind, c.Role, c.EstablishmentFiness, c.Establishment?.Name,
                c.Network?.FiliereAcronym ?? c.Attachments.Select(a => filiereOfNetwork.GetValueOrDefault(a.NetworkId)).Where(f => f is not null).Order(StringComparer.Ordinal).FirstOrDefault(),
                PlatformCall.CountsTowardsThreshold(c.Kind), c.ClosedOn is not null))
            .OrderBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The platform-specific view of a project's dossier (null for other procedures).</summary>
    public async Task<PlatformProjectView?> ViewAsync(Dossier d, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!Owns(d)) return null;
        var p = await LoadProjectAsync(d.Id, tracked: false, ct);
        var call = d.CallId is null ? null : await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == d.CallId, ct);
        var hostName = await db.Establishments.AsNoTracking().Where(e => e.Finess == p.HostFiness).Select(e => e.Name).FirstOrDefaultAsync(ct) ?? p.HostFiness;
        var others = await Lookups.ParticipantsAsync(p.Establishments.Select(e => e.Finess).Order(StringComparer.Ordinal).ToList(), ct);
        var centres = await CentreViewsAsync(p.Centres.Select(c => c.CentreId).ToList(), ct);
        var eligibility = PlatformCall.Eligibility(centres.Where(c => !c.Closed).Select(c => new ScopeCentre(c.Id, c.Name, c.Kind)).ToList());
        var count = PlatformCall.ReferenceCentreCount(centres.Where(c => !c.Closed).Select(c => new ScopeCentre(c.Id, c.Name, c.Kind)));
        var funding = PemrCalculator.Compute(p.FundedCentreCount ?? count);
        var recruits = p.Recruits.OrderBy(r => r.Position).Select(r => new Recruit(r.Function, r.JobTitle, r.Fte, r.YearlyCost)).ToList();
        DateOnly? checkpointDue = p.CreditsDelegatedOn is { } delegated ? PlatformCall.CheckpointDue(delegated) : null;
        bool? checkpointLate = checkpointDue is { } due ? (p.CheckpointOn is { } on ? PlatformCall.IsLate(due, on) : PlatformCall.IsLate(due, Lookups.Today)) : null;
        var reports = new List<PlatformReportView>();
        if (p.CreditsDelegatedOn is { } start)
        {
            var filed = await db.Set<PlatformIndicatorReport>().AsNoTracking().Include(r => r.Entries).Where(r => r.DossierId == d.Id).ToListAsync(ct);
            foreach (var year in p.Renewed == true ? [1, 2] : new[] { 1 })
            {
                var due2 = PlatformCall.IndicatorsDue(start, year);
                var r = filed.FirstOrDefault(x => x.OperatingYear == year);
                reports.Add(new PlatformReportView(year, due2, r?.SubmittedOn, r?.SubmittedBy, PlatformCall.IsLate(due2, r?.SubmittedOn ?? Lookups.Today),
                    r?.Entries.OrderBy(e => IndicatorOrder(e.Key)).ThenBy(e => e.Key, StringComparer.Ordinal).ToList() ?? []));
            }
        }
        return new PlatformProjectView(p, call, hostName, others, centres, eligibility, funding, recruits.Sum(r => r.YearlyCost),
            [.. PlatformCall.ValidateRecruits(recruits), .. PlatformCall.BudgetGaps(recruits)], checkpointDue, checkpointLate, reports, p.Renewed == true);
    }

    private static int IndicatorOrder(string key)
    {
        for (var i = 0; i < PlatformCall.Indicators.Count; i++)
            if (PlatformCall.Indicators[i].Key == key) return i;
        return PlatformCall.Indicators.Count;
    }

    /// <summary>The items of a project: the host's documents and the opinions of the centres, associations and other directors.</summary>
    private async Task<IReadOnlyList<RequiredItem>> ItemsAsync(Dossier d, CancellationToken ct)
    {
        var p = await LoadProjectAsync(d.Id, tracked: false, ct);
        var host = (await Lookups.ParticipantsAsync([p.HostFiness], ct))[0];
        var hostEj = await Lookups.LegalEntityOfAsync(p.HostFiness, ct);
        var others = new List<Participant>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { hostEj ?? p.HostFiness };
        foreach (var e in await Lookups.ParticipantsAsync(p.Establishments.Select(x => x.Finess).Order(StringComparer.Ordinal).ToList(), ct))
            if (seen.Add(await Lookups.LegalEntityOfAsync(e.Id, ct) ?? e.Id)) others.Add(e);
        var centreIds = p.Centres.Select(c => c.CentreId).ToList();
        var centres = await db.Centres.AsNoTracking().Include(c => c.Attachments).Where(c => centreIds.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(ct);
        var associations = new Dictionary<string, Participant>(StringComparer.Ordinal);
        foreach (var c in centres)
        {
            var networkIds = c.NetworkId is { } nid ? [nid] : c.Attachments.Select(a => a.NetworkId).ToList();
            foreach (var a in await Lookups.AssociationsOfAsync(c.Id, networkIds, ct)) associations.TryAdd(a.Id, a);
        }
        return PlatformCall.Items(new PlatformProjectContext(host, others,
            centres.Select(c => new Participant(c.Id, $"{c.Name} ({c.Id})")).ToList(),
            associations.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList()));
    }

    /// <summary>
    /// The same requirements for many projects in a few queries: the projects (with their establishments and centres), the
    /// establishments' names and legal entities, the centres (ordered by id as the one-dossier query), the associations'
    /// conventions in force and the associations.
    /// </summary>
    protected override async Task<IReadOnlyDictionary<string, DossierRequirementsView>> BulkRequirementsAsync(IReadOnlyList<Dossier> dossiers, EstablishmentFacts facts, CancellationToken ct)
    {
        var result = new Dictionary<string, DossierRequirementsView>(StringComparer.Ordinal);
        var dossierIds = dossiers.Select(d => d.Id).ToList();
        var projects = (await db.Set<PlatformProject>().AsNoTracking().Where(p => dossierIds.Contains(p.DossierId))
                .Select(p => new { p.DossierId, p.HostFiness, Establishments = p.Establishments.Select(e => e.Finess).ToList(), Centres = p.Centres.Select(c => c.CentreId).ToList() })
                .ToListAsync(ct)).ToDictionary(p => p.DossierId, StringComparer.Ordinal);
        if (projects.Count == 0) return result;
        await Lookups.EstablishmentsAsync(projects.Values.SelectMany(p => p.Establishments.Prepend(p.HostFiness)), facts, ct);
        var (names, legalEntities) = (facts.Names, facts.LegalEntities);
        var centreIds = projects.Values.SelectMany(p => p.Centres).Distinct(StringComparer.Ordinal).ToList();
        var centres = centreIds.Count == 0 ? [] : await db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.NetworkId, Attached = c.Attachments.Select(a => a.NetworkId).ToList() }).ToListAsync(ct);
        List<string> NetworksOf(string? networkId, List<string> attached) => networkId is { } nid ? [nid] : attached;
        var conventions = await Lookups.AssociationConventionsAsync(centres.Select(c => c.Id), centres.SelectMany(c => NetworksOf(c.NetworkId, c.Attached)), ct);
        foreach (var d in dossiers)
        {
            if (!projects.TryGetValue(d.Id, out var p)) continue;
            var host = ProcedureLookups.Participants([p.HostFiness], names)[0];
            var hostEj = legalEntities.GetValueOrDefault(p.HostFiness);
            var others = new List<Participant>();
            var seen = new HashSet<string>(StringComparer.Ordinal) { hostEj ?? p.HostFiness };
            foreach (var e in ProcedureLookups.Participants(p.Establishments.Order(StringComparer.Ordinal).ToList(), names))
                if (seen.Add(legalEntities.GetValueOrDefault(e.Id) ?? e.Id)) others.Add(e);
            var mine = p.Centres.ToHashSet(StringComparer.Ordinal);
            var projectCentres = centres.Where(c => mine.Contains(c.Id)).ToList();
            var associations = new Dictionary<string, Participant>(StringComparer.Ordinal);
            foreach (var c in projectCentres)
                foreach (var a in conventions.Of(c.Id, NetworksOf(c.NetworkId, c.Attached))) associations.TryAdd(a.Id, a);
            var items = PlatformCall.Items(new PlatformProjectContext(host, others,
                projectCentres.Select(c => new Participant(c.Id, $"{c.Name} ({c.Id})")).ToList(),
                associations.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList()));
            result[d.Id] = new DossierRequirementsView(items, FixedSections);
        }
        return result;
    }

    /// <summary>What stops a project's submission besides the missing items: the threshold of 6 CRMR/CRC and the budget's recruits.</summary>
    public override async Task<IReadOnlyList<FieldError>> SubmissionProblemsAsync(Dossier d, CancellationToken ct)
    {
        var view = (await ViewAsync(d, ct))!;
        var errors = new List<FieldError>();
        foreach (var c in view.Centres.Where(c => c.Closed))
            errors.Add(new FieldError("centres", $"Le centre « {c.Name} » ({c.Id}) est fermé : retirez-le du périmètre."));
        errors.AddRange(view.Eligibility.Checks.Where(c => !c.Passed).Select(c => new FieldError("centres", $"{c.Message} ({c.Source})")));
        errors.AddRange(view.BudgetProblems);
        return errors;
    }

    /// <summary>
    /// Approval: the platform (kind PEMR) is written into the registry with its host, establishments and centres, labelled for
    /// the labelling period in force, and its funding computed by the PEMR model — in the transition's single save.
    /// </summary>
    public override async Task<ProcedureResult?> ApplyApprovalAsync(Dossier d, DateOnly start, CancellationToken ct)
    {
        var p = await LoadProjectAsync(d.Id, tracked: true, ct);
        var centres = await db.Centres.AsNoTracking().Where(c => p.Centres.Select(x => x.CentreId).Contains(c.Id) && c.ClosedOn == null).ToListAsync(ct);
        var eligibility = PlatformCall.Eligibility(centres.Select(c => new ScopeCentre(c.Id, c.Name, c.Kind)).ToList());
        if (!eligibility.Eligible)
            return ProcedureResult.Invalid(eligibility.Checks.Where(c => !c.Passed).Select(c => new FieldError("centres", $"{c.Message} ({c.Source})")).ToList());
        var today = Lookups.Today;
        var period = await db.LabellingPeriods.AsNoTracking().Where(x => x.Scope == PeriodScope.Centres && x.Start <= today && x.End >= today).FirstOrDefaultAsync(ct);
        if (period is null)
            return ProcedureResult.Conflict("period", $"Aucune période de labellisation des centres ne couvre le {French.Date(today)} : la plateforme ne peut pas être inscrite.");
        var host = await db.Establishments.AsNoTracking().Include(e => e.Departement).FirstAsync(e => e.Finess == p.HostFiness, ct);
        var platformId = await SequentialIds.NextAsync(db.Platforms.Select(x => x.Id), "PEMR-", "00", ct);
        var platform = new Platform
        {
            Id = platformId, Kind = PlatformKind.Expertise, Name = p.PlatformName, HostFiness = p.HostFiness, RegionCode = host.Departement?.RegionCode,
        };
        foreach (var f in p.Establishments.Select(e => e.Finess).Prepend(p.HostFiness).Distinct(StringComparer.Ordinal))
            platform.Establishments.Add(new PlatformEstablishment { PlatformId = platformId, Finess = f });
        foreach (var c in centres.OrderBy(c => c.Id, StringComparer.Ordinal))
            platform.Centres.Add(new PlatformCentre { PlatformId = platformId, CentreId = c.Id });
        db.Platforms.Add(platform);
        db.Labels.Add(new Label
        {
            PeriodId = period.Id, PlatformId = platformId, Decision = LabelDecision.Labelled, ValidFrom = today, ValidTo = period.End,
            Note = $"Appel à projets {d.CallId} — dossier {d.Id}",
        });
        var count = PlatformCall.ReferenceCentreCount(centres.Select(c => new ScopeCentre(c.Id, c.Name, c.Kind)));
        var funding = PemrCalculator.Compute(count);
        p.PlatformId = platformId;
        p.FundedCentreCount = count;
        p.FundingTranche = funding.Tranche;
        p.FundingPerYear = funding.AmountPerYear;
        p.FundingYear1 = funding.AmountPerYear;
        p.FundingYear2 = funding.AmountPerYear;
        p.CreditsDelegatedOn = today;
        return null;
    }

    public override async Task<string> DecisionBodyAsync(Dossier d, DossierAction action, CancellationToken ct)
    {
        var p = await db.Set<PlatformProject>().FindAsync([d.Id], ct) ?? throw new InvalidOperationException($"No platform project for {d.Id}.");
        if (action != DossierAction.Approve)
            return $"Sur avis du jury, la DGOS ne retient pas le projet de plateforme d'expertise maladies rares « {p.PlatformName} » (dossier {d.Id}) : {d.DecisionText}";
        return $"Sur avis du jury, la DGOS retient le projet de plateforme d'expertise maladies rares « {p.PlatformName} » (dossier {d.Id}), porté par l'établissement {p.HostFiness} : "
            + $"plateforme {p.PlatformId} inscrite au registre ({p.FundedCentreCount} CRMR/CRC). Financement MIG d'amorçage : {Euro.Format(p.FundingPerYear ?? 0)} par an pendant {PemrCalculator.Years} ans "
            + $"(tranche {p.FundingTranche}). Un point d'étape à la DGOS est attendu 6 mois après la délégation des crédits (au plus tard le {French.Date(PlatformCall.CheckpointDue(p.CreditsDelegatedOn ?? Lookups.Today))}) ; "
            + "la reconduction des crédits en 2e année sera décidée au vu de l'évaluation annuelle.";
    }

    /// <summary>
    /// §VIII: the jury of eight (one member per seat), "chaque membre du jury remettra à la DGOS sa déclaration d'intérêt et une
    /// charte de déontologie dûment complétée avant la tenue dudit jury" — its assessment of a project cannot be closed before.
    /// </summary>
    public override async Task<IReadOnlyList<FieldError>> JuryCloseProblemsAsync(Dossier d, CancellationToken ct)
    {
        var call = d.CallId is null ? null : await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == d.CallId, ct);
        if (call is null) return [];
        return (await calls.ReadinessAsync(call, ct)).Select(p => new FieldError("jury", $"Jury incomplet : {p} ({JuryRules.PlatformJurySource})")).ToList();
    }

    /// <summary>The recipients of a platform decision (seed 003 §IX), resolved to audiences of the registry.</summary>
    public override async Task<IReadOnlyList<DecisionRecipient>> RecipientsAsync(Dossier d, CancellationToken ct)
    {
        var p = await LoadProjectAsync(d.Id, tracked: false, ct);
        var centres = await CentreViewsAsync(p.Centres.Select(c => c.CentreId).ToList(), ct);
        var result = new List<DecisionRecipient>();
        foreach (var r in DecisionRecipientKinds)
        {
            switch (r)
            {
                case Recipient.EstablishmentDirectors:
                    result.Add(new("establishment_directors", UserRole.Establishment, await Lookups.LegalEntityOfAsync(p.HostFiness, ct), null, $"Direction de l'établissement porteur {p.HostFiness}"));
                    break;
                case Recipient.FiliereCoordinator:
                    foreach (var f in centres.Select(c => c.Filiere).Where(f => f is not null).Distinct().Order(StringComparer.Ordinal))
                        result.Add(new("filiere_coordinator", UserRole.FiliereCoordinator, f, await Lookups.CurrentHolderAsync(MandateRole.FiliereCoordinator, null, f, ct),
                            $"Coordonnateur de la filière {f}"));
                    break;
                case Recipient.CentreHeads:
                    foreach (var c in centres.Where(c => !c.Closed))
                        result.Add(new("centre_head", UserRole.CentreHead, c.Id, await Lookups.CurrentHolderAsync(MandateRole.CentreHead, c.Id, null, ct), $"Coordonnateur du centre {c.Name} ({c.Id})"));
                    break;
                case Recipient.RegionalAgency:
                    if (await Lookups.RegionOfAsync(p.HostFiness, ct) is { } region)
                        result.Add(new("regional_agency", UserRole.RegionalAgency, region, null, $"ARS (région {region})"));
                    break;
            }
        }
        return result;
    }

    /// <summary>§IV: "L'agence régionale de santé (ARS) dont dépend l'établissement de santé porteur du projet sera informée des projets déposés."</summary>
    public override async Task<IReadOnlyList<NotificationMessage>> SubmittedMessagesAsync(Dossier d, CancellationToken ct)
    {
        if (await Lookups.RegionOfAsync(d.SeatFiness, ct) is not { } region) return [];
        return [new NotificationMessage("regional_agency_informed", UserRole.RegionalAgency, region, null, $"ARS (région {region})",
            $"[Maillage] Projet de plateforme d'expertise déposé : {d.Title}",
            $"Pour information : l'établissement {d.SeatFiness} a déposé le projet {d.Id} « {d.Title} » dans l'appel à projets {d.CallId} (note DGOS/MMR/2020/221, §IV).")];
    }

    /// <summary>What an accepted platform's follow-up waits for: the checkpoint and the indicators (the host), the renewal (the ministry).</summary>
    private async Task<IReadOnlyList<TaskItem>> AcceptedPlatformTasksAsync(Caller caller, Dossier d, CancellationToken ct)
    {
        var view = await ViewAsync(d, ct);
        if (view is null) return [];
        var tasks = new List<TaskItem>();
        if (caller.Role == UserRole.NationalAdmin)
        {
            if (view.Project.Renewed is null && view.Reports.FirstOrDefault(r => r.OperatingYear == 1)?.SubmittedOn is not null)
                tasks.Add(new TaskItem(d.Id, d.Title, null, "Décider la reconduction des crédits en 2e année (au vu du rapport d'activité)", null));
            return tasks;
        }
        if (!await IsAuthorAsync(caller, d, ct)) return tasks;
        if (view.Project.CheckpointOn is null && view.CheckpointDue is { } due)
            tasks.Add(new TaskItem(d.Id, d.Title, null, view.CheckpointLate == true ? "Transmettre le point d'étape à 6 mois (en retard)" : "Transmettre le point d'étape à 6 mois", due));
        foreach (var r in view.Reports.Where(r => r.SubmittedOn is null))
            tasks.Add(new TaskItem(d.Id, d.Title, null, $"Transmettre le rapport d'activité (indicateurs) de l'année {r.OperatingYear}{(r.Late ? " (en retard)" : "")}", r.Due));
        return tasks;
    }
}
