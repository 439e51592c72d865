using System.Security.Cryptography;
using Maillage.Core.Data;
using Maillage.Core.Features.Filieres;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Domain;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>
/// Fictitious governance committees for the demo filières of <see cref="DemoNetworkGenerator.ExactFilieres"/>: members in
/// each college (the coordinating sites of the filière's networks, the associations in convention with it, invented
/// laboratories, a society, the permanent guests), a règlement intérieur, two past meetings with minutes and one to come;
/// and, for the first of them, the approved succession of its coordinator (2025) whose governance-committee opinion names the
/// committee's meeting and minutes. Every document says it is fictitious. Deterministic.
/// </summary>
public static class DemoGovernance
{
    public const string User = "demo";

    public static async Task SeedAsync(MaillageDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var stamp = new DateTimeOffset(2025, 3, 20, 9, 0, 0, TimeSpan.Zero);
        var filieres = await db.Filieres.AsNoTracking().Where(f => DemoNetworkGenerator.ExactFilieres.Contains(f.Acronym)).OrderBy(f => f.Acronym).ToListAsync(ct);
        foreach (var f in filieres)
        {
            db.GovernanceCommittees.Add(new GovernanceCommittee { FiliereAcronym = f.Acronym, RulesAdoptedOn = new DateOnly(2024, 2, 9) });
            var networks = await db.Networks.AsNoTracking().Where(n => n.FiliereAcronym == f.Acronym).Select(n => n.Id).ToListAsync(ct);
            var sites = await db.Centres.AsNoTracking().Where(c => c.NetworkId != null && networks.Contains(c.NetworkId) && c.Role == SiteRole.Coordinating && c.ClosedOn == null)
                .OrderBy(c => c.Id).Take(8).ToListAsync(ct);
            var siteIds = sites.Select(s => s.Id).ToList();
            var heads = (await db.Mandates.AsNoTracking().Include(m => m.Person)
                    .Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && siteIds.Contains(m.CentreId) && m.From <= today && (m.To == null || m.To >= today)).ToListAsync(ct))
                .GroupBy(m => m.CentreId!).ToDictionary(g => g.Key, g => g.First().Person?.DisplayName);
            foreach (var s in sites)
                db.GovernanceMembers.Add(new GovernanceMember
                {
                    FiliereAcronym = f.Acronym, College = GovernanceCollege.Centres, Name = heads.GetValueOrDefault(s.Id) ?? s.Name,
                    Function = "Représentant du site coordonnateur", Organisation = s.Name, CentreId = s.Id, From = new DateOnly(2024, 1, 1),
                });
            var associations = await db.AssociationConventions.AsNoTracking()
                .Where(c => (c.TargetKind == ConventionTarget.Filiere && c.TargetId == f.Acronym) || (c.TargetKind == ConventionTarget.Network && networks.Contains(c.TargetId)))
                .Select(c => c.AssociationId).Distinct().OrderBy(x => x).Take(3).ToListAsync(ct);
            var names = await db.Associations.AsNoTracking().Where(a => associations.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
            foreach (var (a, i) in associations.Select((a, i) => (a, i)))
                db.GovernanceMembers.Add(new GovernanceMember
                {
                    FiliereAcronym = f.Acronym, College = GovernanceCollege.Associations, Name = $"Représentant·e de {names.GetValueOrDefault(a, a)} (fictif)",
                    Function = i == 0 ? "Vice-président·e du comité" : null, AssociationId = a, From = new DateOnly(2024, 1, 1),
                });
            if (associations.Count == 0)
                db.GovernanceMembers.Add(new GovernanceMember { FiliereAcronym = f.Acronym, College = GovernanceCollege.Associations, Name = "Association de personnes malades (fictive)", From = new DateOnly(2024, 1, 1) });
            db.GovernanceMembers.AddRange(
                new GovernanceMember { FiliereAcronym = f.Acronym, College = GovernanceCollege.Laboratories, Name = "Dr Claire Fictive", Organisation = "Laboratoire de génétique moléculaire (fictif)", From = new DateOnly(2024, 1, 1), Email = "labo.genetique@example.org" },
                new GovernanceMember { FiliereAcronym = f.Acronym, College = GovernanceCollege.Laboratories, Name = "Pr Hugo Exemple", Organisation = "Équipe de recherche INSERM (fictive)", From = new DateOnly(2024, 1, 1), To = new DateOnly(2025, 6, 30) },
                new GovernanceMember { FiliereAcronym = f.Acronym, College = GovernanceCollege.ProfessionalSocieties, Name = "Société savante de la spécialité (fictive)", Function = "Membre associé", From = new DateOnly(2024, 1, 1) },
                new GovernanceMember { FiliereAcronym = f.Acronym, College = GovernanceCollege.PermanentGuests, Name = "Cheffe de projet de la filière (fictive)", Function = "Chef de projet", Email = $"projet.{f.Acronym.ToLowerInvariant()}@example.org" },
                new GovernanceMember { FiliereAcronym = f.Acronym, College = GovernanceCollege.PermanentGuests, Name = "Direction de l'établissement siège", Organisation = f.HostFiness is null ? null : $"FINESS {f.HostFiness}" });
            var meetings = new[]
            {
                new GovernanceMeeting { FiliereAcronym = f.Acronym, Date = new DateOnly(2025, 3, 14), Agenda = "1. Bilan d'activité 2024\n2. Avis sur la succession du coordonnateur\n3. Plan d'actions 2025" },
                new GovernanceMeeting { FiliereAcronym = f.Acronym, Date = new DateOnly(2025, 11, 21), Agenda = "1. Point sur la labellisation\n2. Formations et PNDS\n3. Questions diverses" },
                new GovernanceMeeting { FiliereAcronym = f.Acronym, Date = today.AddDays(75), Agenda = "1. Rapport d'activité annuel\n2. Renouvellement des représentants des associations" },
            };
            db.GovernanceMeetings.AddRange(meetings);
            await db.SaveChangesAsync(ct);
            Add(db, f.Acronym, GovernanceDocumentKind.Rules, null, "reglement-interieur.pdf",
                Pdf($"Règlement intérieur de la filière {f.Acronym}", "Organisation et fonctionnement de la filière : comité de gouvernance, collèges, réunions, décisions."), stamp);
            foreach (var m in meetings.Where(m => m.Date <= today))
                Add(db, f.Acronym, GovernanceDocumentKind.Minutes, m.Id, $"compte-rendu-{m.Date:yyyy-MM-dd}.pdf",
                    Pdf($"Compte rendu du comité de gouvernance {f.Acronym} du {French.Date(m.Date)}", m.Agenda.Replace('\n', ' ')), stamp);
            await db.SaveChangesAsync(ct);
        }
        if (filieres.FirstOrDefault() is { } first) await SeedSuccessionAsync(db, first, stamp, ct);
    }

    /// <summary>The approved succession of <paramref name="f"/>'s coordinator in 2025, with the committee's opinion of 14 March 2025.</summary>
    private static async Task SeedSuccessionAsync(MaillageDbContext db, Filiere f, DateTimeOffset stamp, CancellationToken ct)
    {
        var mandates = await db.Mandates.AsNoTracking().Include(m => m.Person)
            .Where(m => m.Role == MandateRole.FiliereCoordinator && m.FiliereAcronym == f.Acronym).ToListAsync(ct);
        var incoming = mandates.OrderByDescending(m => m.From).FirstOrDefault();
        if (incoming?.Person is null || f.HostFiness is null) return;
        var outgoing = mandates.Where(m => m.PersonId != incoming.PersonId && m.From < incoming.From).OrderByDescending(m => m.From).FirstOrDefault();
        var meeting = await db.GovernanceMeetings.AsNoTracking().Where(m => m.FiliereAcronym == f.Acronym).OrderBy(m => m.Date).FirstAsync(ct);
        var p = incoming.Person;
        var id = "SUF-2025-0001";
        var d = new Dossier
        {
            Id = id, Kind = ProcedureKind.FiliereCoordinatorSuccession, State = DossierState.Approved, Title = $"Succession du coordonnateur — filière {f.Acronym} (fictif)",
            FiliereAcronym = f.Acronym, SeatFiness = f.HostFiness, OutgoingPersonId = outgoing?.PersonId, SuccessorPersonId = p.Id, SuccessorTitle = p.Title,
            SuccessorFirstName = p.FirstName, SuccessorLastName = p.LastName, SuccessorStatus = p.Status, CreatedBy = User, CreatedAt = stamp.AddDays(-30),
            SubmittedAt = stamp, CommitteeOpinion = OpinionValue.Favourable, CommitteeReasons = "Avis favorable du comité de suivi de la labellisation (fictif).",
            DecidedAt = stamp.AddDays(60), DecisionText = "Désignation pour la durée de la labellisation de la filière (fictif).",
            MandateFrom = incoming.From, MandateTo = incoming.To, ListYear = incoming.From.Year,
        };
        foreach (var (key, label) in DossierRequirements.FiliereMissionSections.Select(s => (s.Key, s.Label)))
            d.Sections.Add(new DossierSection { DossierId = id, Key = key, Text = $"{label} : projet fictif de démonstration." });
        foreach (var item in new[] { "outgoing_letter", "motivation_letter", "cv" })
        {
            var content = Pdf($"Dossier {id} — {item}", "Pièce fictive de démonstration.");
            d.Documents.Add(new DossierDocument
            {
                DossierId = id, ItemId = item, FileName = item + ".pdf", ContentType = "application/pdf", Size = content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), PageCount = 1, Content = content, UploadedBy = User, UploadedAt = stamp.AddDays(-20),
            });
        }
        d.Opinions.Add(new DossierOpinion { DossierId = id, ItemId = $"director_opinion:{f.HostFiness}", Party = Party.EstablishmentDirection, Value = OpinionValue.Favourable, GivenBy = User, GivenAt = stamp.AddDays(-10) });
        d.Opinions.Add(new DossierOpinion
        {
            DossierId = id, ItemId = $"governance_opinion:{f.Acronym}", Party = Party.FiliereGovernance, Value = OpinionValue.Favourable,
            Reasons = "Le comité de gouvernance, réuni le 14 mars 2025, propose le successeur à l'unanimité des membres présents (fictif).",
            GivenBy = User, GivenAt = stamp.AddDays(-5), GovernanceMeetingId = meeting.Id,
        });
        d.Events.Add(new DossierEvent { DossierId = id, At = stamp.AddDays(-30), UserName = User, Action = "created", ToState = DossierState.Draft, Note = "Données fictives de démonstration." });
        d.Events.Add(new DossierEvent { DossierId = id, At = stamp, UserName = User, Action = "submit", FromState = DossierState.Draft, ToState = DossierState.Submitted });
        d.Events.Add(new DossierEvent { DossierId = id, At = stamp.AddDays(60), UserName = User, Action = "approve", FromState = DossierState.AwaitingDecision, ToState = DossierState.Approved });
        db.Set<Dossier>().Add(d);
        await db.SaveChangesAsync(ct);
    }

    private static void Add(MaillageDbContext db, string filiere, GovernanceDocumentKind kind, int? meetingId, string name, byte[] content, DateTimeOffset at) =>
        db.GovernanceDocuments.Add(new GovernanceDocument
        {
            FiliereAcronym = filiere, Kind = kind, MeetingId = meetingId, FileName = name, Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), PageCount = 1, Content = content, UploadedBy = User, UploadedAt = at,
        });

    private static byte[] Pdf(string title, string text) =>
        new PdfDocumentBuilder(title, "DONNÉES FICTIVES DE DÉMONSTRATION").Title(title).Paragraph(text).Paragraph("Document fictif de démonstration : il ne décrit pas la filière réelle.").ToBytes();
}
