using System.Globalization;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;

namespace Maillage.Core.Features.Procedures;

/// <summary>Mon espace (docs/home.md): the parties a new dossier asks for a document or an opinion are told at once.</summary>
public sealed partial class ProcedureService
{
    /// <summary>The reason of the notification sent to a party asked for a document or an opinion when a dossier is opened.</summary>
    public const string AskedReason = "asked";

    /// <summary>
    /// One notification per audience asked for something in the new dossier <paramref name="d"/> (the outgoing head or
    /// coordinator, the establishment direction, the network's other heads, the filière, the associations…), listing
    /// what is asked; the author's own audience is not told what it just did. Party-to-audience as
    /// <see cref="CanProvideAsync"/> decides who may provide the item.
    /// </summary>
    private async Task<List<Notification>> AskedNotificationsAsync(Caller caller, Dossier d, CancellationToken ct)
    {
        var asked = new Dictionary<(UserRole Role, string? Scope), List<string>>();
        foreach (var item in (await RequirementsAsync(d, ct)).Items)
        {
            foreach (var audience in await AudiencesOfAsync(d, item, ct))
            {
                if (audience.Role == caller.Role && audience.Scope == caller.ScopeId) continue;
                if (!asked.TryGetValue(audience, out var list)) asked[audience] = list = [];
                list.Add((item.Type == ItemType.Opinion ? "l'avis : " : "la pièce : ") + item.Label + (item.TargetLabel is null ? "" : $" ({item.TargetLabel})"));
            }
        }
        var notes = new List<Notification>();
        var deadline = d.Deadline is { } dl ? $" avant le {Maillage.Domain.French.Date(dl)}" : "";
        foreach (var ((role, scope), what) in asked.OrderBy(a => a.Key.Role).ThenBy(a => a.Key.Scope, StringComparer.Ordinal))
        {
            var body = string.Create(CultureInfo.InvariantCulture,
                $"Le dossier « {d.Title} » ({d.Kind.Label()}) vient d'être ouvert. Il vous est demandé{deadline} :\n- {string.Join("\n- ", what.Distinct(StringComparer.Ordinal))}\nDéposez-les sur la page du dossier dans Maillage.");
            notes.AddRange(await NotificationsToAsync(d, AskedReason, role, scope, null, "Partie appelée à fournir une pièce ou un avis",
                $"[Maillage] Pièce ou avis demandé : {d.Title}", body, ct));
        }
        return notes;
    }

    /// <summary>Who provides an item, as audiences (a role and a scope); none for the ministry, the committee and the authors.</summary>
    private async Task<IReadOnlyList<(UserRole Role, string? Scope)>> AudiencesOfAsync(Dossier d, RequiredItem item, CancellationToken ct)
    {
        switch (item.Party)
        {
            case Party.OutgoingHolder or Party.Successor or Party.MovingHolder:
                if (d.CentreId is not null) return [(UserRole.CentreHead, d.CentreId)];
                if (kinds.Of(d).HolderIsFiliereCoordinator && d.FiliereAcronym is not null) return [(UserRole.FiliereCoordinator, d.FiliereAcronym)];
                return [];
            case Party.EstablishmentDirection:
                return item.TargetId is { } finess && await LegalEntityOfAsync(finess, ct) is { } ej ? [(UserRole.Establishment, ej)] : [];
            case Party.ConstitutiveHead or Party.CoordinatingHead or Party.CentreHead:
                return item.TargetId is { } centre ? [(UserRole.CentreHead, centre)] : [];
            case Party.Filiere or Party.FiliereGovernance:
                return item.TargetId is { } filiere ? [(UserRole.FiliereCoordinator, filiere)] : [];
            case Party.Association:
                return item.TargetId is { } association ? [(UserRole.Association, association)] : [];
            case Party.FollowUpCommittee or Party.Ministry or Party.Applicant:
                return [];
        }
        return [];
    }
}
