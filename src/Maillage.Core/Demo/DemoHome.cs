using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Home;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>
/// Mon espace in the demo (docs/home.md): a few fictitious notifications for each demo account's audience (its role and
/// scope, as <see cref="DemoAccounts.PlanAsync"/> gives them) and one addressed to the expert's account, the oldest
/// already read by the ministry's account, so that every home shows recent notifications at first start. None has an
/// e-mail address: nothing is sent. Every text says « fictif ».
/// </summary>
public static class DemoHome
{
    public static async Task SeedAsync(MaillageDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var accounts = await DemoAccounts.PlanAsync(db, ct);
        // A dossier to point at, when the demo has one (the follow-up committee's successions, the seeded procedures).
        var dossier = await db.Set<Dossier>().AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.Title }).FirstOrDefaultAsync(ct);
        var notes = new List<Notification>();
        void Add(string reason, UserRole? role, string? scope, string? user, string label, string subject, string body, double hoursAgo, string? dossierId = null) =>
            notes.Add(new Notification
            {
                DossierId = dossierId, Reason = reason, AudienceRole = role, AudienceScopeId = scope, RecipientUserName = user, RecipientLabel = label,
                Subject = subject, Body = body + " (Notification fictive de démonstration.)", CreatedAt = now.AddHours(-hoursAgo),
            });

        foreach (var a in accounts)
        {
            switch (a.Role)
            {
                case UserRole.NationalAdmin:
                    Add("demo_welcome", a.Role, a.ScopeId, null, a.DisplayName, "[Maillage] Campagne des rapports annuels : point d'étape",
                        "Les établissements transmettent les rapports annuels d'activité de leurs centres ; le tableau de conformité se met à jour à chaque transmission.", 72);
                    if (dossier is not null)
                        Add("submitted", a.Role, a.ScopeId, null, a.DisplayName, $"[Maillage] Dossier déposé : {dossier.Title}",
                            $"Le dossier « {dossier.Title} » attend son instruction.", 5, dossier.Id);
                    break;
                case UserRole.RegionalAgency:
                    Add("demo_welcome", a.Role, a.ScopeId, null, a.DisplayName, "[Maillage] Rapports annuels transmis dans votre région",
                        "Des établissements de votre région ont transmis les rapports annuels de leurs centres : ils sont consultables dans Rapports annuels.", 30);
                    break;
                case UserRole.Establishment:
                    Add("demo_welcome", a.Role, a.ScopeId, null, a.DisplayName, "[Maillage] Rapports annuels à valider et transmettre",
                        "Des responsables de centre de votre établissement ont soumis leur rapport annuel : validez-le (ou renvoyez-le pour correction), puis transmettez-le.", 26);
                    break;
                case UserRole.FiliereCoordinator:
                    Add("demo_welcome", a.Role, a.ScopeId, null, a.DisplayName, "[Maillage] Rapport d'activité de la filière",
                        "La campagne du rapport d'activité des filières est ouverte : rédigez-le mission par mission et soumettez-le au ministère.", 48);
                    break;
                case UserRole.CentreHead:
                    Add("demo_welcome", a.Role, a.ScopeId, null, a.DisplayName, "[Maillage] Votre rapport annuel d'activité",
                        "Le rapport annuel d'activité de votre centre est à remplir et à soumettre à la direction de votre établissement avant la date limite de la campagne.", 20);
                    break;
                case UserRole.Association:
                    Add("demo_welcome", a.Role, a.ScopeId, null, a.DisplayName, "[Maillage] Les résultats d'une enquête sont partagés",
                        "Les résultats de l'enquête de votre association sont partagés avec le centre partenaire.", 40);
                    break;
                case UserRole.Expert:
                    Add(CallService.JuryMemberReason, null, null, a.UserName, a.DisplayName, "[Maillage] Vous êtes membre d'un jury",
                        "La DGOS vous a nommé(e) membre du jury d'un appel. Remettez votre déclaration d'intérêts avant la séance du jury.", 12);
                    break;
                case UserRole.FollowUpCommittee:
                    Add("demo_welcome", a.Role, a.ScopeId, null, a.DisplayName, "[Maillage] Un dossier attend l'avis du comité de suivi",
                        "Une succession de responsable de centre est soumise au comité de suivi : son avis est attendu avant la décision de la DGOS.", 8);
                    break;
            }
        }
        db.Set<Notification>().AddRange(notes);
        await db.SaveChangesAsync(ct);
        // The ministry's account has already read its oldest notification: the page shows both states.
        var oldest = notes.Where(n => n.AudienceRole == UserRole.NationalAdmin).OrderBy(n => n.CreatedAt).FirstOrDefault();
        if (oldest is not null)
        {
            db.NotificationReads.Add(new NotificationRead { NotificationId = oldest.Id, UserName = "admin", ReadAt = now });
            await db.SaveChangesAsync(ct);
        }
    }
}
