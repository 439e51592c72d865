using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Compliance;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// Succession of a centre's head (annex of the note of 19 September 2018): opened by the outgoing head "informant sa
/// direction", that direction or the ministry; the seven items of the annex; the successor's eligibility by the campaign
/// referential's head rules; the decision writes the head's mandate.
/// </summary>
public sealed class CentreHeadSuccessionKind(MaillageDbContext db, ProcedureLookups lookups) : SuccessionKind(db, lookups)
{
    public override ProcedureKind Kind => ProcedureKind.CentreHeadSuccession;
    public override string IdPrefix => "SUC";
    public override MandateRole HolderMandateRole => MandateRole.CentreHead;
    public override PeriodScope MandatePeriodScope => PeriodScope.Centres;

    public override async Task<bool> CanOpenAsync(Caller caller, string? centreId, string? seatOrReceivingFiness, string? filiere, CancellationToken ct) =>
        caller.Role switch
        {
            UserRole.CentreHead => centreId is not null && caller.ScopeId == centreId,
            UserRole.Establishment => await IsDirectionOfAsync(caller, seatOrReceivingFiness, ct),
            _ => false,
        };

    protected override async Task<bool> IsAuthorByRoleAsync(Caller caller, Dossier d, CancellationToken ct) => caller.Role switch
    {
        UserRole.CentreHead => caller.ScopeId == d.CentreId,
        UserRole.Establishment => await Lookups.LegalEntityOfAsync(d.SeatFiness, ct) == caller.ScopeId,
        _ => false,
    };

    public override async Task<DossierRequirementsView> RequirementsAsync(Dossier d, CancellationToken ct)
    {
        var sections = FixedSections;
        var centre = await Db.Centres.AsNoTracking().Include(c => c.Attachments).FirstAsync(c => c.Id == d.CentreId, ct);
        var establishments = await Lookups.ParticipantsAsync([d.SeatFiness, .. d.OtherFiness is null ? Array.Empty<string>() : [d.OtherFiness]], ct);
        var networkIds = centre.NetworkId is { } nid ? [nid] : centre.Attachments.Select(a => a.NetworkId).ToList();
        var constitutive = centre.Role == SiteRole.Coordinating
            ? await Db.Centres.AsNoTracking().Where(c => c.NetworkId == centre.NetworkId && c.Role == SiteRole.Constitutive && c.ClosedOn == null)
                .OrderBy(c => c.Id).Select(c => new Participant(c.Id, c.Name)).ToListAsync(ct)
            : [];
        var coordinating = centre.Role == SiteRole.Coordinating ? [] :
            await Db.Centres.AsNoTracking().Where(c => c.NetworkId != null && networkIds.Contains(c.NetworkId) && c.Role == SiteRole.Coordinating && c.ClosedOn == null && c.Id != centre.Id)
                .OrderBy(c => c.Id).Select(c => new Participant(c.Id, c.Name)).ToListAsync(ct);
        var filiere = new Participant(d.FiliereAcronym ?? "", d.FiliereAcronym ?? "filière inconnue");
        var associations = await Lookups.AssociationsOfAsync(centre.Id, networkIds, ct);
        var context = new CentreSuccessionContext(centre.Role == SiteRole.Coordinating, establishments, constitutive, coordinating, filiere, associations);
        return new DossierRequirementsView(DossierRequirements.ForCentreHeadSuccession(context), sections);
    }

    public override async Task<EligibilityResult?> EligibilityAsync(Dossier d, DateOnly asOf, CancellationToken ct)
    {
        var centre = await Db.Centres.AsNoTracking().FirstAsync(c => c.Id == d.CentreId, ct);
        var kind = RegistryKinds.SiteKindOf(centre.Kind, centre.Role, centre.ResourceKind);
        var referential = ProcedureService.CampaignFor(asOf.Year);
        return SuccessorEligibility.CentreHead(kind, d.SuccessorStatus, d.SuccessorBirthDate,
            d.SuccessorClinicalActivity, referential, asOf);
    }
}
