using System.Security.Cryptography;
using Maillage.Core.Data;
using Maillage.Core.Features.Associations;
using Maillage.Core.Features.Committee;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Domain;
using Maillage.Domain.Associations;
using Maillage.Domain.Committee;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>
/// The fictitious follow-up committee and associations' space of the demo (docs/committee.md, docs/associations.md): a
/// committee (president named by the DGOS, vice-president by the DGRI, members of the colleges), two meetings in the
/// current year (the first with minutes), two centre-head successions referred to it (one waiting for its opinion, one
/// with its opinion in the register), a survey of patients' experience with answers (closed, results shared with the
/// demo centre head's centre) and two collaborative actions. Every name says « fictif ».
/// </summary>
public static class DemoCommittee
{
    /// <summary>The demo account of a committee member (<see cref="Maillage.Core.Features.Accounts.DemoAccounts"/>).</summary>
    public const string MemberUserName = "comite";

    public static async Task SeedAsync(MaillageDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var year = today.Year;
        var now = clock.GetUtcNow();

        db.CommitteeMembers.AddRange(
            Member("MBR-0001", "Pr Hélène Fictive (présidente, fictif)", "Personnalité désignée", CommitteeSeat.President, CommitteeCollege.QualifiedPersonality, AppointingBody.Dgos, null, year),
            Member("MBR-0002", "Pr Marc Exemple (vice-président, fictif)", "Personnalité désignée", CommitteeSeat.VicePresident, CommitteeCollege.QualifiedPersonality, AppointingBody.Dgri, null, year),
            Member("MBR-0003", "Dr Anne Démo (fictif)", "CRMR fictif", CommitteeSeat.Member, CommitteeCollege.Crmr, null, MemberUserName, year),
            Member("MBR-0004", "Dr Paul Témoin (fictif)", "Filière fictive", CommitteeSeat.Member, CommitteeCollege.Fsmr, null, null, year),
            Member("MBR-0005", "Mme Claire Modèle (fictif)", "Association fictive", CommitteeSeat.Member, CommitteeCollege.PatientAssociations, null, null, year),
            Member("MBR-0006", "M. Luc Essai (fictif)", "ARS fictive", CommitteeSeat.Member, CommitteeCollege.Ars, null, null, year));

        var first = new DateOnly(year, 3, 12);
        var second = new DateOnly(year, 10, 8);
        var m1 = new CommitteeMeeting
        {
            Id = $"RCS-{year:0000}-01", Date = first, Title = "Réunion de printemps (fictive)", Status = first <= today ? MeetingStatus.Held : MeetingStatus.Planned,
            Agenda = "Avis sur les dossiers de succession en cours\nAnalyse des rapports d'activité annuels\nCouverture territoriale et redondances",
        };
        var m2 = new CommitteeMeeting
        {
            Id = $"RCS-{year:0000}-02", Date = second, Title = "Réunion d'automne (fictive)", Status = second <= today ? MeetingStatus.Held : MeetingStatus.Planned,
            Agenda = "Évolution de la dotation MIG (simulateur)\nDossiers de succession\nPréparation de la prochaine campagne",
        };
        var minutes = new PdfDocumentBuilder("Compte rendu fictif", "Maillage — données fictives de démonstration")
            .Title("Comité de suivi de la labellisation — compte rendu (fictif)")
            .Paragraph($"Réunion du {French.Date(first)}. Document fictif de démonstration.")
            .Heading("Ordre du jour").Paragraph(m1.Agenda.Replace("\n", " ; ", StringComparison.Ordinal))
            .Heading("Avis").Paragraph("Le comité émet un avis favorable au dossier de succession présenté.").ToBytes();
        m1.MinutesFileName = "compte-rendu-fictif.pdf";
        m1.MinutesSize = minutes.Length;
        m1.MinutesPageCount = PdfInspector.Inspect(minutes).PageCount;
        m1.MinutesSha256 = Convert.ToHexStringLower(SHA256.HashData(minutes));
        m1.MinutesUploadedBy = "admin";
        m1.MinutesUploadedAt = now;
        db.CommitteeMeetings.AddRange(m1, m2);
        db.CommitteeMinutes.Add(new CommitteeMinutes { MeetingId = m1.Id, Content = minutes });

        // Two successions referred to the committee, on the last open reference sites (not the demo head's centre).
        var centres = await db.Centres.AsNoTracking().Include(c => c.Network)
            .Where(c => c.Kind == CentreKind.ReferenceSite && c.ClosedOn == null && c.Network != null && c.Network.FiliereAcronym != "CARDIOGEN")
            .OrderByDescending(c => c.Id).Take(2).ToListAsync(ct);
        if (centres.Count == 2)
        {
            var waiting = Succession($"SUC-{year:0000}-0001", centres[0], DossierState.CommitteeReview, "Camille", now, today);
            var answered = Succession($"SUC-{year:0000}-0002", centres[1], DossierState.AwaitingDecision, "Dominique", now, today);
            answered.CommitteeOpinion = OpinionValue.Favourable;
            answered.CommitteeReasons = "Projet solide sur les cinq missions (avis fictif).";
            answered.Events.Add(new DossierEvent { DossierId = answered.Id, At = now, UserName = "admin", Action = DossierAction.RecordCommitteeOpinion.Code(),
                FromState = DossierState.CommitteeReview, ToState = DossierState.AwaitingDecision, Note = answered.CommitteeReasons });
            db.Set<Dossier>().AddRange(waiting, answered);
            db.CommitteeOpinions.AddRange(
                new CommitteeOpinion
                {
                    Id = $"AVC-{first.Year:0000}-0001", DossierId = answered.Id, MeetingId = m1.Id, Subject = CommitteeSubject.Succession, Value = OpinionValue.Favourable,
                    Reasons = answered.CommitteeReasons, GivenOn = first, EnteredBy = "admin", EnteredAt = now,
                },
                new CommitteeOpinion
                {
                    Id = $"AVC-{first.Year:0000}-0002", DossierId = answered.Id, MeetingId = m1.Id, Subject = CommitteeSubject.Exception, Value = OpinionValue.Reserved,
                    Reasons = "Mandat à revoir à mi-parcours : le successeur atteindra la limite d'âge avant la fin de la période (avis fictif).", GivenOn = first,
                    EnteredBy = "admin", EnteredAt = now,
                });
        }

        await SeedAssociationSpaceAsync(db, today, now, ct);
        await db.SaveChangesAsync(ct);
    }

    private static CommitteeMember Member(string id, string name, string organisation, CommitteeSeat seat, CommitteeCollege college, AppointingBody? by,
        string? userName, int year) => new()
        {
            Id = id, Name = name, Organisation = organisation, Seat = seat, College = college, AppointedBy = by, UserName = userName,
            From = new DateOnly(year - 1, 1, 1), To = new DateOnly(year + 3, 12, 31),
        };

    private static Dossier Succession(string id, Centre c, DossierState state, string firstName, DateTimeOffset now, DateOnly today)
    {
        var d = new Dossier
        {
            Id = id, Kind = ProcedureKind.CentreHeadSuccession, State = state, Title = $"Succession du responsable — {c.Name} (fictif)", SeatFiness = c.EstablishmentFiness,
            CentreId = c.Id, FiliereAcronym = c.Network?.FiliereAcronym, SuccessorTitle = "Dr", SuccessorFirstName = firstName, SuccessorLastName = "Successeur (fictif)",
            SuccessorStatus = HeadStatus.PuPh, EffectiveDate = today.AddMonths(3), CreatedBy = "admin", CreatedAt = now, SubmittedAt = now,
        };
        d.Events.Add(new DossierEvent { DossierId = id, At = now, UserName = "admin", Action = "created", Note = ProcedureKind.CentreHeadSuccession.Label() });
        d.Events.Add(new DossierEvent { DossierId = id, At = now, UserName = "admin", Action = DossierAction.Submit.Code(), FromState = DossierState.Draft, ToState = DossierState.Submitted });
        d.Events.Add(new DossierEvent { DossierId = id, At = now, UserName = "admin", Action = DossierAction.ReferToCommittee.Code(), FromState = DossierState.Submitted,
            ToState = DossierState.CommitteeReview });
        return d;
    }

    private static async Task SeedAssociationSpaceAsync(MaillageDbContext db, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var association = await db.Associations.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync(ct);
        // The demo centre head's centre (DemoAccounts: the first coordinating CARDIOGEN site), so that « responsable » sees the results.
        var centre = await db.Centres.AsNoTracking()
            .Where(c => c.Kind == CentreKind.ReferenceSite && c.Role == SiteRole.Coordinating && c.ClosedOn == null && c.Network!.FiliereAcronym == "CARDIOGEN")
            .OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(ct);
        if (association is null || centre is null) return;
        var year = today.Year;
        var survey = new PatientSurvey
        {
            Id = $"ENQ-{year:0000}-0001", AssociationId = association, Title = "Votre prise en charge au centre de référence (enquête fictive)",
            Introduction = "Questionnaire court diffusé aux adhérents ; réponses anonymes, résultats restitués au centre (données fictives).",
            PartnerKind = PartnerKind.Centre, PartnerId = centre, Status = SurveyStatus.Closed, OpensOn = new DateOnly(year, 2, 1), ClosesOn = new DateOnly(year, 4, 30),
            CreatedBy = "association", CreatedAt = now,
        };
        survey.Questions.AddRange([
            new SurveyQuestion { SurveyId = survey.Id, Position = 1, Text = "Êtes-vous satisfait du délai pour obtenir un rendez-vous ?", Scale = AnswerScale.Satisfaction4 },
            new SurveyQuestion { SurveyId = survey.Id, Position = 2, Text = "Vous a-t-on proposé un programme d'éducation thérapeutique (ETP) ?", Scale = AnswerScale.YesNo },
            new SurveyQuestion { SurveyId = survey.Id, Position = 3, Text = "Les informations reçues sur votre maladie vous ont aidé.", Scale = AnswerScale.Agreement4 },
        ]);
        db.PatientSurveys.Add(survey);
        await db.SaveChangesAsync(ct); // the questions' ids, for the answers
        // 34 fictitious questionnaires: deterministic, some values rare enough to be suppressed (fewer than 10).
        var random = new Random(20260312);
        var q = survey.Questions.OrderBy(x => x.Position).ToList();
        for (var i = 0; i < 34; i++)
        {
            var r = new SurveyResponse { SurveyId = survey.Id, EnteredAt = now };
            r.Answers.Add(new SurveyAnswer { QuestionId = q[0].Id, Choice = random.Next(10) switch { 0 => 0, < 3 => 1, < 7 => 2, _ => 3 } });
            r.Answers.Add(new SurveyAnswer { QuestionId = q[1].Id, Choice = random.Next(3) == 0 ? 1 : 0 });
            if (i % 4 != 0) r.Answers.Add(new SurveyAnswer { QuestionId = q[2].Id, Choice = random.Next(10) < 6 ? 3 : 2 });
            db.SurveyResponses.Add(r);
        }
        db.CollaborativeActions.AddRange(
            new CollaborativeAction
            {
                Id = $"ACT-{year:0000}-0001", AssociationId = association, Title = "Journée d'information des patients et des familles (fictive)",
                Description = "Information aux patients, co-organisée avec le centre (action fictive).", PartnerKind = PartnerKind.Centre, PartnerId = centre,
                Initiative = ActionInitiative.Association, StartsOn = new DateOnly(year, 5, 1), EndsOn = new DateOnly(year, 11, 30), Status = ActionStatus.InProgress,
            },
            new CollaborativeAction
            {
                Id = $"ACT-{year:0000}-0002", AssociationId = association, Title = "Relecture du PNDS par des patients (fictive)",
                Description = "Demande de l'association pour la mise à jour du PNDS (action fictive).", PartnerKind = PartnerKind.Filiere, PartnerId = "CARDIOGEN",
                Initiative = ActionInitiative.Joint, StartsOn = new DateOnly(year - 1, 9, 1), EndsOn = new DateOnly(year, 3, 31), Status = ActionStatus.Done,
            });
    }
}
