using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Compliance;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// Succession of a filière (FSMR) coordinator (annex of the note of 19 September 2018): opened by the coordinator "informant
/// sa direction", that direction (the legal entity of the filière's host) or the ministry; the successor is a PU-PH who is
/// or was head of a reference site; the decision writes the coordinator's mandate.
/// </summary>
public sealed class FiliereCoordinatorSuccessionKind(MaillageDbContext db, ProcedureLookups lookups) : SuccessionKind(db, lookups)
{
    public override ProcedureKind Kind => ProcedureKind.FiliereCoordinatorSuccession;
    public override string IdPrefix => "SUF";
    public override MandateRole HolderMandateRole => MandateRole.FiliereCoordinator;
    public override PeriodScope MandatePeriodScope => PeriodScope.Filieres;
    public override bool HolderIsFiliereCoordinator => true;

    public override async Task<bool> CanOpenAsync(Caller caller, string? centreId, string? seatOrReceivingFiness, string? filiere, CancellationToken ct) =>
        caller.Role switch
        {
            UserRole.FiliereCoordinator => filiere is not null && caller.ScopeId == filiere,
            UserRole.Establishment => await IsDirectionOfAsync(caller, seatOrReceivingFiness, ct),
            _ => false,
        };

    protected override async Task<bool> IsAuthorByRoleAsync(Caller caller, Dossier d, CancellationToken ct) => caller.Role switch
    {
        UserRole.FiliereCoordinator => caller.ScopeId == d.FiliereAcronym,
        UserRole.Establishment => await Lookups.LegalEntityOfAsync(d.SeatFiness, ct) == caller.ScopeId,
        _ => false,
    };

    public override async Task<IReadOnlyList<(UserRole Role, string? ScopeId)>> AuthorAudiencesAsync(Dossier d, CancellationToken ct) =>
        [(UserRole.FiliereCoordinator, d.FiliereAcronym), (UserRole.Establishment, await Lookups.LegalEntityOfAsync(d.SeatFiness, ct))];

    public override async Task<DossierRequirementsView> RequirementsAsync(Dossier d, CancellationToken ct)
    {
        var establishments = await Lookups.ParticipantsAsync([d.SeatFiness, .. d.OtherFiness is null ? Array.Empty<string>() : [d.OtherFiness]], ct);
        return new DossierRequirementsView(DossierRequirements.ForFiliereCoordinatorSuccession(new FiliereSuccessionContext(establishments),
            new Participant(d.FiliereAcronym!, d.FiliereAcronym!)), FixedSections);
    }

    public override async Task<EligibilityResult?> EligibilityAsync(Dossier d, DateOnly asOf, CancellationToken ct)
    {
        var wasHead = d.SuccessorPersonId is { } pid && await Db.Mandates.AsNoTracking()
            .AnyAsync(m => m.PersonId == pid && m.Role == MandateRole.CentreHead && m.From <= asOf
                && Db.Centres.Any(c => c.Id == m.CentreId && c.Kind == CentreKind.ReferenceSite), ct);
        return SuccessorEligibility.FiliereCoordinator(d.SuccessorStatus, wasHead);
    }

    protected override DecisionRecipient OutgoingRecipient(Dossier d) =>
        new("outgoing_holder", UserRole.FiliereCoordinator, d.FiliereAcronym, d.OutgoingPersonId, "Coordonnateur sortant");

    protected override DecisionRecipient IncomingRecipient(Dossier d) =>
        new("incoming_holder", UserRole.FiliereCoordinator, d.FiliereAcronym, d.SuccessorPersonId, "Nouveau coordonnateur");
}
