using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// The procedures of the annex of the interministerial note n° DGOS/DIR/DGRI/2018/218 of 19 September 2018 ("Procédure
/// d'actualisation de la liste des CRMR et des FSMR"): the successions and the change of seat. Their decision is notified
/// to the recipients the annex lists, resolved here to audiences of the registry.
/// </summary>
public abstract class AnnexProcedureKind(MaillageDbContext db, ProcedureLookups lookups) : ProcedureKindBase(lookups)
{
    protected MaillageDbContext Db { get; } = db;

    /// <summary>The outgoing holder (or the centre's head, for a change of seat) as a recipient.</summary>
    protected virtual DecisionRecipient OutgoingRecipient(Dossier d) =>
        new("outgoing_holder", UserRole.CentreHead, d.CentreId, d.OutgoingPersonId, "Responsable sortant");

    /// <summary>The successor as a recipient.</summary>
    protected virtual DecisionRecipient IncomingRecipient(Dossier d) =>
        new("incoming_holder", UserRole.CentreHead, d.CentreId, d.SuccessorPersonId, "Nouveau responsable");

    /// <summary>The recipients of a decision (seed 000 annex), resolved to audiences of the registry.</summary>
    public override async Task<IReadOnlyList<DecisionRecipient>> RecipientsAsync(Dossier d, CancellationToken ct)
    {
        var result = new List<DecisionRecipient>();
        var establishments = new[] { d.SeatFiness, d.OtherFiness }.Where(f => f is not null).Select(f => f!).Distinct().ToList();
        foreach (var r in DecisionRecipientKinds)
        {
            switch (r)
            {
                case Recipient.OutgoingHolder:
                    result.Add(OutgoingRecipient(d));
                    break;
                case Recipient.IncomingHolder:
                    result.Add(IncomingRecipient(d));
                    break;
                case Recipient.CoordinatingHead:
                {
                    var centre = await Db.Centres.AsNoTracking().Include(c => c.Attachments).FirstAsync(c => c.Id == d.CentreId, ct);
                    var networkIds = centre.NetworkId is { } nid ? [nid] : centre.Attachments.Select(a => a.NetworkId).ToList();
                    var coordinating = await Db.Centres.AsNoTracking().Where(c => c.NetworkId != null && networkIds.Contains(c.NetworkId) && c.Role == SiteRole.Coordinating && c.ClosedOn == null)
                        .Select(c => c.Id).ToListAsync(ct);
                    foreach (var cid in coordinating)
                        result.Add(new("coordinating_head", UserRole.CentreHead, cid, await Lookups.CurrentHolderAsync(MandateRole.CentreHead, cid, null, ct), "Responsable du site coordonnateur du CRMR"));
                    break;
                }
                case Recipient.EstablishmentDirectors:
                    foreach (var f in establishments)
                        result.Add(new("establishment_directors", UserRole.Establishment, await Lookups.LegalEntityOfAsync(f, ct), null, $"Direction de l'établissement {f}"));
                    break;
                case Recipient.RegionalAgency:
                    foreach (var region in (await Db.Establishments.AsNoTracking().Where(e => establishments.Contains(e.Finess)).Select(e => e.Departement!.RegionCode).ToListAsync(ct)).Distinct())
                        result.Add(new("regional_agency", UserRole.RegionalAgency, region, null, $"ARS (région {region})"));
                    break;
                case Recipient.FiliereCoordinator:
                    if (d.FiliereAcronym is not null)
                        result.Add(new("filiere_coordinator", UserRole.FiliereCoordinator, d.FiliereAcronym,
                            await Lookups.CurrentHolderAsync(MandateRole.FiliereCoordinator, null, d.FiliereAcronym, ct), $"Coordonnateur de la filière {d.FiliereAcronym}"));
                    break;
            }
        }
        // One notification per audience: a coordinating site whose own head changes is told once, as the outgoing head.
        return result.GroupBy(r => (r.Role, r.ScopeId, r.PersonId)).Select(g => g.First()).ToList();
    }
}
