using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Core.Features.FiliereReports;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Filieres;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>
/// The fictitious activity of the demo filière <see cref="Filiere"/> (the one of the demo coordinator account): a 2023
/// report received by the ministry (public), a 2024 report submitted, a 2025 report in progress; a 2025–2029 action
/// plan with milestones and a 2025 review; a training and information census; 11 research and 9 diagnostic
/// laboratories (the counts CARDIOGEN publishes on its page, with invented names); registries and a cohort attached to
/// its first networks. Every row is marked fictitious. Deterministic.
/// </summary>
public static class DemoFiliereActivity
{
    public const string Filiere = "CARDIOGEN";
    public const int ResearchLabs = 11, DiagnosticLabs = 9;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task SeedAsync(MaillageDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Filieres.AnyAsync(f => f.Acronym == Filiere, ct)) return;
        var stamp = new DateTimeOffset(2025, 3, 20, 10, 0, 0, TimeSpan.Zero);

        FiliereReport Report(int year, ReportStatus status, bool full)
        {
            var r = new FiliereReport
            {
                FiliereAcronym = Filiere, Year = year, Status = status, Campaign = CampaignCatalogue.Shipped.ForYear(year)?.CampaignId ?? "2023-2028",
                UpdatedBy = "demo", UpdatedAt = stamp.AddYears(year - 2024), Fictitious = true,
                Coordination = $"(Fictif) {year} : 3 réunions du comité de gouvernance, une journée annuelle de la filière, animation des groupes de travail.",
                CarePathways = $"(Fictif) {year} : formalisation de 2 parcours (cardiomyopathies, troubles du rythme), annuaire des consultations mis à jour.",
                Diagnosis = full ? $"(Fictif) {year} : réseau des laboratoires de diagnostic génétique, délais de rendu suivis, impasses diagnostiques recensées." : null,
                Research = full ? $"(Fictif) {year} : priorisation des projets, appui à 4 réponses à appels à projets, annuaire des essais cliniques." : null,
                Training = full ? $"(Fictif) {year} : DIU coordonné, deux webinaires, module de formation à distance." : null,
                Information = full ? $"(Fictif) {year} : site internet actualisé, fiches Orphanet relues, brochures patients." : null,
                Ern = full ? $"(Fictif) {year} : participation aux groupes de travail du réseau européen de référence." : null,
                Data = full ? $"(Fictif) {year} : saisie BNDMR suivie par centre, entrepôt de données en préfiguration." : null,
            };
            if (status is ReportStatus.Submitted or ReportStatus.Received) { r.SubmittedBy = "demo"; r.SubmittedAt = new DateTimeOffset(year + 1, 3, 20, 10, 0, 0, TimeSpan.Zero); }
            if (status is ReportStatus.Received) { r.ReceivedBy = "demo"; r.ReceivedAt = new DateTimeOffset(year + 1, 4, 15, 10, 0, 0, TimeSpan.Zero); }
            return r;
        }
        db.FiliereReports.AddRange(Report(2023, ReportStatus.Received, true), Report(2024, ReportStatus.Submitted, true), Report(2025, ReportStatus.Draft, false));

        var n = 0;
        FiliereAction Action(string title, FsmrMission mission, string owner, PlanActionStatus status, Milestone[] milestones, ActionReview[] reviews) => new()
        {
            Id = $"PA-{Filiere}-{++n:000}", FiliereAcronym = Filiere, PlanStart = 2025, PlanEnd = 2029, Title = title, Mission = mission, Owner = owner,
            Status = status, MilestonesJson = JsonSerializer.Serialize(milestones, Json), ReviewsJson = JsonSerializer.Serialize(reviews, Json),
            UpdatedBy = "demo", UpdatedAt = stamp, Fictitious = true,
        };
        db.FiliereActions.AddRange(
            Action("(Fictif) Actualiser deux PNDS prioritaires", FsmrMission.CarePathways, "Groupe de travail PNDS", PlanActionStatus.InProgress,
                [new("Choix des PNDS", new DateOnly(2025, 6, 30), true), new("Relecture par les centres", new DateOnly(2026, 6, 30), false), new("Publication HAS", new DateOnly(2027, 12, 31), false)],
                [new(2025, "in_progress", "Deux PNDS choisis, rédaction engagée.")]),
            Action("(Fictif) Cartographier les délais de diagnostic génétique", FsmrMission.Diagnosis, "Réseau des laboratoires", PlanActionStatus.Planned,
                [new("Enquête auprès des laboratoires", new DateOnly(2026, 3, 31), false)], []),
            Action("(Fictif) Créer un module d'e-learning pour les cardiologues de ville", FsmrMission.Training, "Chargée de mission formation", PlanActionStatus.Delayed,
                [new("Scénario pédagogique", new DateOnly(2025, 9, 30), false), new("Mise en ligne", new DateOnly(2026, 9, 30), false)],
                [new(2025, "delayed", "Financement du tournage reporté à 2026.")]),
            Action("(Fictif) Harmoniser la saisie BNDMR dans les centres", FsmrMission.Data, "Chef de projet de la filière", PlanActionStatus.Done,
                [new("Guide de saisie", new DateOnly(2025, 4, 30), true)], [new(2025, "done", "Guide diffusé à tous les centres.")]),
            Action("(Fictif) Renforcer la participation au réseau européen", FsmrMission.Ern, "Coordonnateur de la filière", PlanActionStatus.InProgress,
                [new("Désignation des représentants", new DateOnly(2025, 12, 31), true)], [new(2025, "in_progress", null)]));

        var t = 0;
        FiliereTraining Training(TrainingKind kind, string title, int year, string? link) => new()
        {
            Id = $"FOR-{Filiere}-{++t:000}", FiliereAcronym = Filiere, Kind = kind, Title = title, Year = year, Link = link, UpdatedBy = "demo", UpdatedAt = stamp, Fictitious = true,
        };
        db.FiliereTrainings.AddRange(
            Training(TrainingKind.Diu, "(Fictif) DIU cardiopathies héréditaires", 2016, null),
            Training(TrainingKind.Du, "(Fictif) DU génétique cardiovasculaire", 2019, null),
            Training(TrainingKind.ELearning, "(Fictif) Module en ligne : mort subite du sujet jeune", 2024, null),
            Training(TrainingKind.EtpProgramme, "(Fictif) Programme ETP défibrillateur implantable", 2021, null),
            Training(TrainingKind.EtpProgramme, "(Fictif) Programme ETP cardiomyopathies", 2023, null),
            Training(TrainingKind.PndsWritten, "(Fictif) PNDS cardiomyopathie hypertrophique", 2021, null),
            Training(TrainingKind.PndsWritten, "(Fictif) PNDS syndrome du QT long", 2023, null),
            Training(TrainingKind.PndsUpdated, "(Fictif) PNDS syndrome de Brugada (actualisation)", 2024, null));

        // Laboratories in the establishments of the filière's sites, round-robin (deterministic).
        var establishments = await (from c in db.Centres.AsNoTracking()
                                    join nw in db.Networks.AsNoTracking() on c.NetworkId equals nw.Id
                                    where nw.FiliereAcronym == Filiere && c.Establishment != null
                                    select new { c.EstablishmentFiness, c.Establishment!.Name }).ToListAsync(ct);
        establishments = establishments.DistinctBy(e => e.EstablishmentFiness).OrderBy(e => e.EstablishmentFiness, StringComparer.Ordinal).ToList();
        var l = 0;
        FiliereLaboratory Lab(LaboratoryKind kind, int i)
        {
            var e = establishments.Count == 0 ? null : establishments[(l) % establishments.Count];
            return new()
            {
                Id = $"LAB-{Filiere}-{++l:000}", FiliereAcronym = Filiere, Kind = kind, UpdatedBy = "demo", UpdatedAt = stamp, Fictitious = true,
                Name = kind == LaboratoryKind.Research ? $"(Fictif) Équipe de recherche cardiogénétique n° {i}" : $"(Fictif) Laboratoire de diagnostic génétique n° {i}",
                Establishment = e?.Name ?? "(Fictif) Établissement", EstablishmentFiness = e?.EstablishmentFiness,
            };
        }
        for (var i = 1; i <= ResearchLabs; i++) db.FiliereLaboratories.Add(Lab(LaboratoryKind.Research, i));
        for (var i = 1; i <= DiagnosticLabs; i++) db.FiliereLaboratories.Add(Lab(LaboratoryKind.Diagnostic, i));

        var networks = (await db.Networks.AsNoTracking().Where(x => x.FiliereAcronym == Filiere).Select(x => x.Id).ToListAsync(ct)).Order(StringComparer.Ordinal).ToList();
        var r = 0;
        foreach (var (kind, name, start) in new (CohortKind, string, int)[]
        {
            (CohortKind.Registry, "(Fictif) Registre national des cardiomyopathies", 2012),
            (CohortKind.Cohort, "(Fictif) Cohorte des apparentés porteurs asymptomatiques", 2019),
            (CohortKind.Registry, "(Fictif) Registre des morts subites du sujet jeune", 2016),
        })
        {
            if (networks.Count == 0) break;
            db.NetworkRegistries.Add(new NetworkRegistry
            {
                Id = $"REG-{Filiere}-{++r:000}", NetworkId = networks[(r - 1) % networks.Count], Kind = kind, Name = name, StartYear = start,
                UpdatedBy = "demo", UpdatedAt = stamp, Fictitious = true,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
