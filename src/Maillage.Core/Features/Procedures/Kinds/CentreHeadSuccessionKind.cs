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

    protected override async Task<bool> IsAuthorByRoleAsync(Caller caller, Dossier d, Func<string, Task<string?>> legalEntityOf, CancellationToken ct) => caller.Role switch
    {
        UserRole.CentreHead => caller.ScopeId == d.CentreId,
        UserRole.Establishment => await legalEntityOf(d.SeatFiness) == caller.ScopeId,
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

    /// <summary>
    /// The same requirements for many successions in five queries at most: their centres (with attachments), the establishments'
    /// names, the open constitutive and coordinating centres of their networks (ordered by id as the one-dossier queries),
    /// and the associations' conventions in force.
    /// </summary>
    protected override async Task<IReadOnlyDictionary<string, DossierRequirementsView>> BulkRequirementsAsync(IReadOnlyList<Dossier> dossiers, EstablishmentFacts facts, CancellationToken ct)
    {
        var result = new Dictionary<string, DossierRequirementsView>(StringComparer.Ordinal);
        var centreIds = dossiers.Select(d => d.CentreId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (centreIds.Count == 0) return result;
        var centres = (await Db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id))
                .Select(c => new SuccessionCentre(c.Id, c.Role, c.NetworkId, c.Attachments.Select(a => a.NetworkId).ToList())).ToListAsync(ct))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        static List<string> NetworksOf(SuccessionCentre c) => c.NetworkId is { } nid ? [nid] : c.Attached;
        var known = dossiers.Where(d => d.CentreId is not null && centres.ContainsKey(d.CentreId)).ToList();
        var names = (await Lookups.EstablishmentsAsync(known.SelectMany(d => new[] { d.SeatFiness, d.OtherFiness }), facts, ct)).Names;
        var coordinatingCentres = known.Select(d => centres[d.CentreId!]).Where(c => c.Role == SiteRole.Coordinating).ToList();
        var constitutiveNetworks = coordinatingCentres.Select(c => c.NetworkId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var withoutNetwork = coordinatingCentres.Any(c => c.NetworkId is null);
        var constitutive = coordinatingCentres.Count == 0 ? [] : await Db.Centres.AsNoTracking()
            .Where(c => ((withoutNetwork && c.NetworkId == null) || (c.NetworkId != null && constitutiveNetworks.Contains(c.NetworkId))) && c.Role == SiteRole.Constitutive && c.ClosedOn == null)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.NetworkId }).ToListAsync(ct);
        var otherCentres = known.Select(d => centres[d.CentreId!]).Where(c => c.Role != SiteRole.Coordinating).ToList();
        var coordinatingNetworks = otherCentres.SelectMany(NetworksOf).Distinct(StringComparer.Ordinal).ToList();
        var coordinating = coordinatingNetworks.Count == 0 ? [] : await Db.Centres.AsNoTracking()
            .Where(c => c.NetworkId != null && coordinatingNetworks.Contains(c.NetworkId) && c.Role == SiteRole.Coordinating && c.ClosedOn == null)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.NetworkId }).ToListAsync(ct);
        var conventions = await Lookups.AssociationConventionsAsync(known.Select(d => d.CentreId!), known.SelectMany(d => NetworksOf(centres[d.CentreId!])), ct);
        foreach (var d in known)
        {
            var centre = centres[d.CentreId!];
            var establishments = ProcedureLookups.Participants([d.SeatFiness, .. d.OtherFiness is null ? Array.Empty<string>() : [d.OtherFiness]], names);
            var networkIds = NetworksOf(centre);
            var constitutiveOf = centre.Role == SiteRole.Coordinating
                ? constitutive.Where(c => c.NetworkId == centre.NetworkId).Select(c => new Participant(c.Id, c.Name)).ToList()
                : [];
            var coordinatingOf = centre.Role == SiteRole.Coordinating ? [] :
                coordinating.Where(c => networkIds.Contains(c.NetworkId!) && c.Id != centre.Id).Select(c => new Participant(c.Id, c.Name)).ToList();
            var filiere = new Participant(d.FiliereAcronym ?? "", d.FiliereAcronym ?? "filière inconnue");
            var context = new CentreSuccessionContext(centre.Role == SiteRole.Coordinating, establishments, constitutiveOf, coordinatingOf, filiere,
                conventions.Of(centre.Id, networkIds));
            result[d.Id] = new DossierRequirementsView(DossierRequirements.ForCentreHeadSuccession(context), FixedSections);
        }
        return result;
    }

    public override async Task<EligibilityResult?> EligibilityAsync(Dossier d, DateOnly asOf, CancellationToken ct)
    {
        var centre = await Db.Centres.AsNoTracking().FirstAsync(c => c.Id == d.CentreId, ct);
        var kind = RegistryKinds.SiteKindOf(centre.Kind, centre.Role, centre.ResourceKind);
        var referential = ProcedureService.CampaignFor(asOf.Year);
        return SuccessorEligibility.CentreHead(kind, d.SuccessorStatus, d.SuccessorBirthDate,
            d.SuccessorClinicalActivity, referential, asOf);
    }

    private sealed record SuccessionCentre(string Id, SiteRole? Role, string? NetworkId, List<string> Attached);
}
