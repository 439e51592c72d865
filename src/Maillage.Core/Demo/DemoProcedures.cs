using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Committee;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Procedures.Kinds;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Demo;

/// <summary>
/// The demo's procedures at first start, written through the Core services by the parties the procedures name (the
/// ministry, the directions, the heads, the filières, the associations), with the clock set to each step's date: an open
/// labelling campaign and an open call for expertise-platform projects (<see cref="CallService"/>), and dossiers of every
/// procedure kind at different steps — a draft waiting for opinions, submitted, referred to the jury, refused after the
/// follow-up committee's opinion (<see cref="ProcedureService"/>). Every text and document says it is fictitious.
/// Deterministic given the date. A dossier the rules refuse is left out with a warning (never a failed start).
/// </summary>
public static class DemoProcedures
{
    private static readonly Caller Admin = new("admin", UserRole.NationalAdmin, null);

    public sealed record Outcome(IReadOnlyList<string> Calls, IReadOnlyList<string> Dossiers, IReadOnlyList<string> Problems);

    public static async Task<Outcome> SeedAsync(MaillageDbContext db, DemoClock clock, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(db); // the seed's own context: not disposed by the container
        services.AddScoped<AccessPolicy>();
        services.AddScoped<CallService>();
        services.AddScoped<ReportService>();
        services.AddScoped<ProcedureService>();
        services.AddScoped<CommitteeService>();
        services.AddProcedureKinds();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await using var scope = provider.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var run = new Run(db, clock, sp.GetRequiredService<ProcedureService>(), sp.GetRequiredService<CallService>(), sp.GetRequiredService<CommitteeService>(), logger);
        await run.AllAsync(ct);
        return new Outcome(run.Calls, run.Dossiers, run.Problems);
    }

    private sealed class Run(MaillageDbContext db, DemoClock clock, ProcedureService procedures, CallService calls, CommitteeService committee, ILogger logger)
    {
        public List<string> Calls { get; } = [];
        public List<string> Dossiers { get; } = [];
        public List<string> Problems { get; } = [];
        private readonly Dictionary<string, byte[]> pdfs = new(StringComparer.Ordinal);
        private DateOnly Today => clock.Today;

        public async Task AllAsync(CancellationToken ct)
        {
            var accounts = await DemoAccounts.PlanAsync(db, ct);
            var headCentre = accounts.FirstOrDefault(a => a.UserName == "responsable")?.ScopeId;
            var legalEntity = accounts.FirstOrDefault(a => a.UserName == "etablissement")?.ScopeId;
            var centres = (await db.Centres.AsNoTracking().Include(c => c.Network).Include(c => c.Establishment).Include(c => c.Attachments)
                .Where(c => c.ClosedOn == null).ToListAsync(ct)).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
            var headNetwork = centres.FirstOrDefault(c => c.Id == headCentre)?.NetworkId;
            string Le(Centre c) => c.Establishment?.LegalEntityFiness ?? c.EstablishmentFiness;
            var withHead = (await db.Mandates.AsNoTracking().Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && m.From <= Today && (m.To == null || m.To >= Today))
                .Select(m => m.CentreId!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

            // Centre-head successions, on the demo filière's constitutive sites (from the end of the identifiers: tests and
            // first pages pick the first ones): the demo head's network first, whose coordinating head gives an opinion.
            var constitutive = centres.Where(c => c.Role == SiteRole.Constitutive && c.Network?.FiliereAcronym == DemoActivity.Filiere && withHead.Contains(c.Id))
                .OrderByDescending(c => c.NetworkId == headNetwork).ThenByDescending(c => c.Id, StringComparer.Ordinal).Take(3).ToList();
            var names = new[] { ("Camille", "Relève"), ("Dominique", "Avenir"), ("Sacha", "Suite") };
            for (var i = 0; i < constitutive.Count; i++)
            {
                var c = constitutive[i];
                var direction = new Caller($"direction-{Le(c)}", UserRole.Establishment, Le(c));
                var (first, last) = names[i];
                var successor = new SuccessorInput(null, "Dr", first, $"{last} (fictif)", null, null, HeadStatus.PuPh, new DateOnly(1976 + i, 5, 4), true, null);
                var start = i switch { 0 => -25, 1 => -45, _ => -120 };
                clock.At(start);
                var id = await OpenAsync("succession", procedures.OpenCentreHeadSuccessionAsync(direction, c.Id, successor, Today.AddMonths(4), null, ct));
                if (id is null) continue;
                switch (i)
                {
                    case 0: // waits for the opinions of the network's coordinating head, the filière and the associations
                        await FillAsync(id, direction, start + 2, item => item.Party is Party.EstablishmentDirection or Party.OutgoingHolder or Party.Successor, ct);
                        break;
                    case 1:
                        await FillAsync(id, direction, start + 5, _ => true, ct);
                        await StepAsync(id, direction, DossierAction.Submit, null, null, start + 20, ct);
                        break;
                    default:
                        await FillAsync(id, direction, start + 5, _ => true, ct);
                        if (!await StepAsync(id, direction, DossierAction.Submit, null, null, start + 20, ct)) break;
                        if (!await StepAsync(id, Admin, DossierAction.ReferToCommittee, null, null, start + 30, ct)) break;
                        // The committee's opinion, in its register (the same write steps the dossier).
                        clock.At(start + 60, 15);
                        var opinion = await committee.RecordOpinionAsync(Admin, new CommitteeOpinionInput(id, null, null, OpinionValue.Unfavourable,
                            "Projet insuffisamment décrit sur les missions de recherche et d'enseignement (avis fictif).", null), null, ct);
                        if (opinion.Status != EditStatus.Ok)
                        {
                            Ok($"{id} avis du comité de suivi", ProcedureResult.Invalid(opinion.Errors));
                            break;
                        }
                        await StepAsync(id, Admin, DossierAction.Reject, "Refus suivant l'avis du comité de suivi de la labellisation ; un nouveau candidat peut être proposé (décision fictive).",
                            null, start + 75, ct);
                        break;
                }
            }

            // A filière coordinator's succession (a filière with a governance committee), waiting for the host's direction.
            if (await db.Filieres.AsNoTracking().FirstOrDefaultAsync(f => f.Acronym == "RespiFIL", ct) is { } respifil)
            {
                var coordinator = new Caller("coordination-respifil", UserRole.FiliereCoordinator, respifil.Acronym);
                clock.At(-20);
                var id = await OpenAsync("succession du coordonnateur", procedures.OpenFiliereCoordinatorSuccessionAsync(coordinator, respifil.Acronym,
                    new SuccessorInput(null, "Pr", "Alix", "Souffle (fictif)", null, null, HeadStatus.PuPh, new DateOnly(1972, 9, 12), true, null), Today.AddMonths(6), null, ct));
                if (id is not null) await FillAsync(id, coordinator, -18, item => item.Party != Party.EstablishmentDirection, ct);
            }

            // Changes of seat: a demo-filière competence centre moving into an establishment of the demo direction.
            var sites = await db.Establishments.AsNoTracking().Where(e => e.Level == EstablishmentLevel.Site && e.LegalEntityFiness == legalEntity)
                .OrderBy(e => e.Finess).Select(e => e.Finess).ToListAsync(ct);
            var movers = centres.Where(c => c.Kind == CentreKind.CompetenceCentre && Le(c) != legalEntity && withHead.Contains(c.Id)
                    && c.Attachments.Any(a => centres.Any(s => s.NetworkId == a.NetworkId && s.Network?.FiliereAcronym == DemoActivity.Filiere)))
                .OrderByDescending(c => c.Id, StringComparer.Ordinal).Take(2).ToList();
            for (var i = 0; i < movers.Count && sites.Count > 1; i++)
            {
                var direction = new Caller("etablissement", UserRole.Establishment, legalEntity);
                clock.At(i == 0 ? -15 : -50);
                var id = await OpenAsync("changement de siège", procedures.OpenSeatChangeAsync(direction, movers[i].Id, sites[i], Today.AddMonths(3), ct));
                if (id is null) continue;
                if (i == 0) await FillAsync(id, direction, -14, item => item.Party is not (Party.Filiere or Party.Association or Party.CoordinatingHead), ct);
                else
                {
                    await FillAsync(id, direction, -45, _ => true, ct);
                    await StepAsync(id, direction, DossierAction.Submit, null, null, -30, ct);
                }
            }

            // Changes of a filière's seat: one submitted, one in preparation.
            var filieres = await db.Filieres.AsNoTracking().Include(f => f.Host).Where(f => f.HostFiness != null && (f.Acronym == "FIMARAD" || f.Acronym == "MUCO-CFTR"))
                .OrderBy(f => f.Acronym).ToListAsync(ct);
            foreach (var (f, i) in filieres.Select((f, i) => (f, i)))
            {
                var receiving = await db.Establishments.AsNoTracking()
                    .Where(e => e.Level == EstablishmentLevel.Site && e.LegalEntityFiness != null && e.LegalEntityFiness != f.Host!.LegalEntityFiness && e.Finess != f.HostFiness)
                    .OrderByDescending(e => e.LegalEntityFiness == legalEntity).ThenByDescending(e => e.Finess).Select(e => new { e.Finess, e.LegalEntityFiness }).FirstOrDefaultAsync(ct);
                if (receiving is null) continue;
                var direction = new Caller($"direction-{receiving.LegalEntityFiness}", UserRole.Establishment, receiving.LegalEntityFiness);
                clock.At(i == 0 ? -60 : -10);
                var id = await OpenAsync("changement de siège de filière", procedures.OpenFiliereSeatChangeAsync(direction, f.Acronym, receiving.Finess, Today.AddMonths(5), ct));
                if (id is null) continue;
                if (i == 0)
                {
                    await FillAsync(id, direction, -55, _ => true, ct);
                    await StepAsync(id, direction, DossierAction.Submit, null, null, -40, ct);
                }
                else await FillAsync(id, direction, -9, item => item.Party is not (Party.Filiere or Party.FiliereGovernance or Party.Association), ct);
            }

            await LabellingAsync(centres, headNetwork, withHead, ct);
            await PlatformsAsync(centres, legalEntity, ct);
        }

        private async Task LabellingAsync(List<Centre> centres, string? headNetwork, HashSet<string> withHead, CancellationToken ct)
        {
            clock.At(-45, 8);
            var periodStart = new DateOnly(Math.Max(2029, Today.AddDays(60).Year + 1), 1, 1);
            var created = await calls.CreateAsync(Admin, new CallInput(CallKind.LabellingCampaign,
                $"Campagne de labellisation {periodStart.Year}-{periodStart.Year + 4} des CRMR, CCMR et CRC (fictive)",
                "Campagne fictive de démonstration : un dossier par réseau CRMR, déposé par le site coordonnateur, évalué par le jury, décidé site par site.",
                Today.AddDays(-45), Today.AddDays(60), Today.AddDays(90), "2023-2028", $"{periodStart.Year}-{periodStart.Year + 4}", periodStart,
                new DateOnly(periodStart.Year + 4, 12, 31)), ct);
            if (!Ok("campagne de labellisation", created)) return;
            var callId = created.DossierId!;
            Calls.Add(callId);
            // The demo head's network (a draft), and another network of the demo filière (submitted, then referred to the jury).
            var networks = centres.Where(c => c.Role == SiteRole.Coordinating && c.Network?.FiliereAcronym == DemoActivity.Filiere)
                .OrderByDescending(c => c.NetworkId == headNetwork).ThenByDescending(c => c.Id, StringComparer.Ordinal)
                .Where(c => c.NetworkId == headNetwork || centres.Where(s => s.NetworkId == c.NetworkId || s.Attachments.Any(a => a.NetworkId == c.NetworkId)).All(s => withHead.Contains(s.Id)))
                .Take(2).ToList();
            foreach (var (coordinating, i) in networks.Select((c, i) => (c, i)))
            {
                var head = i == 0 ? new Caller("responsable", UserRole.CentreHead, coordinating.Id) : new Caller($"responsable-{coordinating.Id}".ToLowerInvariant(), UserRole.CentreHead, coordinating.Id);
                clock.At(i == 0 ? -12 : -40);
                var id = await OpenAsync("candidature à la labellisation", procedures.OpenLabellingApplicationAsync(head, callId, coordinating.NetworkId!, ct));
                if (id is null) continue;
                if (i == 0)
                {
                    await FillAsync(id, head, -10, item => item.Type == ItemType.Document && item.Party != Party.Association, ct);
                    continue;
                }
                await FillAsync(id, head, -35, _ => true, ct);
                if (await StepAsync(id, head, DossierAction.Submit, null, null, -20, ct))
                    await StepAsync(id, Admin, DossierAction.ReferToJury, null, null, -15, ct);
            }
        }

        private async Task PlatformsAsync(List<Centre> centres, string? legalEntity, CancellationToken ct)
        {
            clock.At(-30, 8);
            var created = await calls.CreateAsync(Admin, new CallInput(CallKind.PlatformCall, $"Appel à projets plateformes d'expertise maladies rares {Today.AddDays(45).Year} (fictif)",
                "Appel fictif de démonstration : une plateforme par établissement porteur, au moins six sites CRMR ou CRC, deux recrutements au moins.",
                Today.AddDays(-30), Today.AddDays(45), Today.AddDays(75), null, null, null, null), ct);
            if (!Ok("appel à projets", created)) return;
            var callId = created.DossierId!;
            Calls.Add(callId);
            static bool Counts(Centre c) => c.Kind is CentreKind.ReferenceSite or CentreKind.ResourceCentre;
            var groups = centres.Where(c => c.Establishment?.LegalEntityFiness is not null).GroupBy(c => c.Establishment!.LegalEntityFiness!)
                .Where(g => g.Count(Counts) >= 8)
                .OrderByDescending(g => g.Key == legalEntity).ThenByDescending(g => g.Count(Counts)).ThenBy(g => g.Key, StringComparer.Ordinal).Take(2).ToList();
            foreach (var (g, i) in groups.Select((g, i) => (g, i)))
            {
                var counted = g.Where(Counts).OrderByDescending(c => c.Id, StringComparer.Ordinal).Take(7).ToList();
                var host = counted.GroupBy(c => c.EstablishmentFiness).OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal).First().Key;
                var scope = counted.Select(c => c.Id).Concat(g.Where(c => c.Kind == CentreKind.CompetenceCentre).OrderByDescending(c => c.Id, StringComparer.Ordinal).Take(1).Select(c => c.Id)).ToList();
                var direction = new Caller(g.Key == legalEntity ? "etablissement" : $"direction-{g.Key}", UserRole.Establishment, g.Key);
                clock.At(i == 0 ? -8 : -25);
                var id = await OpenAsync("projet de plateforme", procedures.OpenPlatformProjectAsync(direction, callId, new PlatformProjectInput(
                    $"Plateforme d'expertise maladies rares {(i == 0 ? "Paris Centre" : "Sud")} (fictive)", host, [], scope,
                    [new RecruitInput("secretariat_communication", "Assistante de communication (fictif)", 1.0m, 48000m),
                     new RecruitInput("project_officer", "Chargée de missions (fictif)", 0.8m, 52000m)]), ct));
                if (id is null) continue;
                if (i == 0)
                {
                    await FillAsync(id, direction, -7, item => item.Type == ItemType.Document, ct);
                    continue;
                }
                await FillAsync(id, direction, -22, _ => true, ct);
                if (await StepAsync(id, direction, DossierAction.Submit, null, null, -12, ct))
                    await StepAsync(id, Admin, DossierAction.ReferToJury, null, null, -5, ct);
            }
        }

        // ------------------------------------------------------------ helpers

        private async Task<string?> OpenAsync(string what, Task<ProcedureResult> opening)
        {
            var r = await opening;
            if (!Ok(what, r)) return null;
            Dossiers.Add(r.DossierId!);
            return r.DossierId;
        }

        private bool Ok(string what, ProcedureResult r)
        {
            if (r.Status == ProcedureStatus.Ok) return true;
            var problem = $"{what} : {r.Status} {string.Join(" ; ", r.Errors.Select(e => $"{e.Field} : {e.Message}"))}";
            Problems.Add(problem);
            logger.LogWarning("Démo : étape non seedée ({Problem})", problem);
            return false;
        }

        /// <summary>Fills the dossier's sections and the items <paramref name="which"/> selects, each by its party (the ministry for what it receives by post).</summary>
        private async Task FillAsync(string id, Caller author, int day, Func<RequiredItem, bool> which, CancellationToken ct)
        {
            clock.At(day, 10);
            var d = (await procedures.LoadAsync(id, ct))!;
            var req = await procedures.RequirementsAsync(d, ct);
            foreach (var s in req.Sections.Where(s => !d.Sections.Any(x => x.Key == s.Key)))
            {
                var text = $"{s.Label} : texte fictif de démonstration, rédigé pour montrer un dossier complet.";
                Ok($"{id} section {s.Key}", await procedures.PutSectionAsync(author, id, s.Key, text.Length > s.MaxLength ? text[..s.MaxLength] : text, ct));
            }
            var n = 0;
            foreach (var item in req.Items.Where(which))
            {
                clock.At(day, 11 + Math.Min(n++ / 4, 8));
                var caller = await CallerForAsync(item, author, ct);
                if (item.Type == ItemType.Document)
                {
                    // One PDF per kind of piece (laying out a PDF is the slow part of this step).
                    if (!pdfs.TryGetValue(item.Key, out var pdf))
                        pdfs[item.Key] = pdf = new PdfDocumentBuilder(item.Label, "DONNÉES FICTIVES DE DÉMONSTRATION").Title($"{item.Label} (fictif)")
                            .Paragraph("Pièce fictive de démonstration : elle ne décrit aucune personne ni aucun centre réels.").ToBytes();
                    var r = await procedures.UploadDocumentAsync(caller, id, item.Id, $"{item.Key}.pdf", pdf, ct);
                    if (r.Status == ProcedureStatus.Forbidden) r = await procedures.UploadDocumentAsync(Admin, id, item.Id, $"{item.Key}.pdf", pdf, ct);
                    Ok($"{id} pièce {item.Id}", r);
                }
                else
                {
                    int? meeting = item.Party == Party.FiliereGovernance && item.TargetId is { } f
                        ? await db.GovernanceMeetings.AsNoTracking().Where(m => m.FiliereAcronym == f && m.Date <= Today
                                && db.GovernanceDocuments.Any(x => x.MeetingId == m.Id && x.Kind == Features.Filieres.GovernanceDocumentKind.Minutes))
                            .OrderByDescending(m => m.Date).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct)
                        : null;
                    const string reasons = "Avis favorable : projet cohérent avec les missions du centre et le maillage territorial (avis fictif).";
                    var r = await procedures.GiveOpinionAsync(caller, id, item.Id, OpinionValue.Favourable, reasons, null, meeting, null, ct);
                    if (r.Status == ProcedureStatus.Forbidden) r = await procedures.GiveOpinionAsync(Admin, id, item.Id, OpinionValue.Favourable, reasons, null, meeting, null, ct);
                    Ok($"{id} avis {item.Id}", r);
                }
            }
        }

        private async Task<bool> StepAsync(string id, Caller caller, DossierAction action, string? note, OpinionValue? opinion, int day, CancellationToken ct)
        {
            clock.At(day, 15);
            return Ok($"{id} {action.Code()}", await procedures.TransitionAsync(caller, id, action, note, opinion, ct));
        }

        /// <summary>The party who provides an item, as a caller of the role and scope the procedure names.</summary>
        private async Task<Caller> CallerForAsync(RequiredItem item, Caller author, CancellationToken ct)
        {
            switch (item.Party)
            {
                case Party.EstablishmentDirection when item.TargetId is { } finess:
                    var le = await db.Establishments.AsNoTracking().Where(e => e.Finess == finess).Select(e => e.LegalEntityFiness ?? e.Finess).FirstOrDefaultAsync(ct) ?? finess;
                    return new Caller($"direction-{le}", UserRole.Establishment, le);
                case Party.ConstitutiveHead or Party.CoordinatingHead or Party.CentreHead when item.TargetId is { } centre:
                    return new Caller($"responsable-{centre}".ToLowerInvariant(), UserRole.CentreHead, centre);
                case Party.Filiere or Party.FiliereGovernance when item.TargetId is { } filiere:
                    return new Caller($"coordination-{filiere}".ToLowerInvariant(), UserRole.FiliereCoordinator, filiere);
                case Party.Association when item.TargetId is { } association:
                    return new Caller($"association-{association}".ToLowerInvariant(), UserRole.Association, association);
                default:
                    return author;
            }
        }
    }
}
