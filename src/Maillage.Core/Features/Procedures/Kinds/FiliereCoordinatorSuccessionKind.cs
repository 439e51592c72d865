using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
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

    protected override async Task<bool> IsAuthorByRoleAsync(Caller caller, Dossier d, Func<string, Task<string?>> legalEntityOf, CancellationToken ct) => caller.Role switch
    {
        UserRole.FiliereCoordinator => caller.ScopeId == d.FiliereAcronym,
        UserRole.Establishment => await legalEntityOf(d.SeatFiness) == caller.ScopeId,
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

    /// <summary>The same requirements for many successions: the establishments' names in one query.</summary>
    protected override async Task<IReadOnlyDictionary<string, DossierRequirementsView>> BulkRequirementsAsync(IReadOnlyList<Dossier> dossiers, EstablishmentFacts facts, CancellationToken ct)
    {
        var names = (await Lookups.EstablishmentsAsync(dossiers.SelectMany(d => new[] { d.SeatFiness, d.OtherFiness }), facts, ct)).Names;
        return dossiers.ToDictionary(d => d.Id, d => new DossierRequirementsView(DossierRequirements.ForFiliereCoordinatorSuccession(
            new FiliereSuccessionContext(ProcedureLookups.Participants([d.SeatFiness, .. d.OtherFiness is null ? Array.Empty<string>() : [d.OtherFiness]], names)),
            new Participant(d.FiliereAcronym!, d.FiliereAcronym!)), FixedSections), StringComparer.Ordinal);
    }

    public override async Task<EligibilityResult?> EligibilityAsync(Dossier d, DateOnly asOf, CancellationToken ct)
    {
        var wasHead = d.SuccessorPersonId is { } pid && await Db.Mandates.AsNoTracking()
            .AnyAsync(m => m.PersonId == pid && m.Role == MandateRole.CentreHead && m.From <= asOf
                && Db.Centres.Any(c => c.Id == m.CentreId && c.Kind == CentreKind.ReferenceSite), ct);
        return SuccessorEligibility.FiliereCoordinator(d.SuccessorStatus, wasHead);
    }

    /// <summary>
    /// The governance committee's opinion must come from a meeting of the committee, held, with its minutes filed (note n°
    /// DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe, succession d'un coordonnateur de FSMR : « avis du comité de
    /// gouvernance de la FSMR »). An opinion recorded without one (before this rule) stops the submission.
    /// </summary>
    public override async Task<IReadOnlyList<FieldError>> SubmissionProblemsAsync(Dossier d, CancellationToken ct) =>
        await GovernanceProblemsAsync(d, Lookups.Today, ct);

    /// <summary>The decision needs the same evidence (a dossier submitted before the rule cannot be decided without it).</summary>
    public override async Task<ProcedureResult?> ApplyApprovalAsync(Dossier d, DateOnly start, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        var problems = await GovernanceProblemsAsync(d, Lookups.Today, ct);
        return problems.Count > 0 ? ProcedureResult.Invalid(problems) : await base.ApplyApprovalAsync(d, start, ct);
    }

    private async Task<IReadOnlyList<FieldError>> GovernanceProblemsAsync(Dossier d, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        var itemId = $"governance_opinion:{d.FiliereAcronym}";
        var opinion = d.Opinions.FirstOrDefault(o => o.ItemId == itemId)
            ?? await Db.Set<DossierOpinion>().AsNoTracking().FirstOrDefaultAsync(o => o.DossierId == d.Id && o.ItemId == itemId, ct);
        if (opinion is null) return [new FieldError(itemId, "Pièce 5 manquante : Avis du comité de gouvernance de la filière.")];
        var meetingId = opinion.GovernanceMeetingId;
        if (meetingId is null)
            return [new FieldError(itemId, "L'avis du comité de gouvernance doit être rattaché à une réunion du comité (date et compte rendu) : enregistrez-le de nouveau avec la réunion.")];
        var meeting = await Db.GovernanceMeetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId && m.FiliereAcronym == d.FiliereAcronym, ct);
        if (meeting is null || meeting.Date > asOf)
            return [new FieldError(itemId, "La réunion du comité de gouvernance citée par l'avis n'existe plus ou n'a pas eu lieu.")];
        if (!await Db.GovernanceDocuments.AnyAsync(x => x.MeetingId == meetingId && x.Kind == Filieres.GovernanceDocumentKind.Minutes, ct))
            return [new FieldError(itemId, $"Le compte rendu de la réunion du comité de gouvernance du {French.Date(meeting.Date)} n'est pas déposé.")];
        return [];
    }

    protected override DecisionRecipient OutgoingRecipient(Dossier d) =>
        new("outgoing_holder", UserRole.FiliereCoordinator, d.FiliereAcronym, d.OutgoingPersonId, "Coordonnateur sortant");

    protected override DecisionRecipient IncomingRecipient(Dossier d) =>
        new("incoming_holder", UserRole.FiliereCoordinator, d.FiliereAcronym, d.SuccessorPersonId, "Nouveau coordonnateur");
}
